package dev.weir.executor.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.testing.TestPlans;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan graph's rules: a DAG from sources to one or more sinks, fan-out, late-row side outputs. */
class PhysicalPlanTest {
    private static SourceSpec source() {
        return new SourceSpec("source-orders", "orders", TestPlans.ORDERS, Map.of("connector", "values"));
    }

    private static SinkSpec sink(String id, RowType type) {
        return new SinkSpec(id, id, type, Map.of("connector", "values", "sink-id", id));
    }

    /** source(0) → filter(1) → watermark(2) → window(3) → sink-a(4); window → late(5) → sink-late(6). */
    private static List<OperatorSpec> lateRowsOps(RowType lateType) {
        return List.of(source(), TestPlans.filterSpec(), TestPlans.watermarkSpec(), TestPlans.windowSpec(),
                sink("sink-a", TestPlans.WINDOW_OUTPUT), new LateRowsSpec("late-1", lateType),
                sink("sink-late", lateType));
    }

    private static final List<List<Integer>> LATE_INPUTS =
            List.of(List.of(), List.of(0), List.of(1), List.of(2), List.of(3), List.of(3), List.of(5));

    @Test
    void aLinearPlanStillWorksAndIsLinear() {
        PhysicalPlan plan = TestPlans.windowPlan("j", "d", "s", Map.of());
        assertThat(plan.isLinear()).isTrue();
        assertThat(plan.sinks()).hasSize(1);
        assertThat(plan.sink().id()).isEqualTo("sink-results");
        assertThat(plan.consumersOf(0)).containsExactly(new PhysicalPlan.Edge(0, 1, 0));
        assertThat(plan.consumersOf(4)).isEmpty();
    }

    @Test
    void anOperatorMayFeedSeveralAndSinksMayStandAnywhere() {
        // source → filter → sink-a, and filter → sink-b; sink-a comes before sink-b's position in the list
        PhysicalPlan plan = new PhysicalPlan("j", List.of(source(), TestPlans.filterSpec(),
                sink("sink-a", TestPlans.ORDERS), sink("sink-b", TestPlans.ORDERS)),
                List.of(List.of(), List.of(0), List.of(1), List.of(1)));

        assertThat(plan.isLinear()).isFalse();
        assertThat(plan.sinkIndices()).containsExactly(2, 3);
        assertThat(plan.sinks()).extracting(SinkSpec::id).containsExactly("sink-a", "sink-b");
        assertThat(plan.consumersOf(1)).containsExactly(new PhysicalPlan.Edge(1, 2, 0), new PhysicalPlan.Edge(1, 3, 0));
        assertThat(plan.explain()).startsWith("Sink(table=[sink-a]").contains("\nSink(table=[sink-b]");
    }

    @Test
    void anOperatorThatFeedsNothingIsRefused() {
        assertThatThrownBy(() -> new PhysicalPlan("j", List.of(source(), TestPlans.filterSpec(),
                sink("sink-a", TestPlans.ORDERS)), List.of(List.of(), List.of(0), List.of(0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("operator calc-1 feeds no operator");
    }

    @Test
    void aSinkFeedsNothing() {
        assertThatThrownBy(() -> new PhysicalPlan("j", List.of(source(), sink("sink-a", TestPlans.ORDERS),
                TestPlans.filterSpec(), sink("sink-b", TestPlans.ORDERS)),
                List.of(List.of(), List.of(0), List.of(1), List.of(2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reads sink sink-a");
    }

    @Test
    void aPlanWithoutSinkIsRefused() {
        assertThatThrownBy(() -> new PhysicalPlan("j", List.of(source(), TestPlans.filterSpec())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one sink");
    }

    @Test
    void operatorIdsAreUnique() {
        assertThatThrownBy(() -> new PhysicalPlan("j", List.of(source(), TestPlans.filterSpec(),
                sink("sink-a", TestPlans.ORDERS), sink("sink-a", TestPlans.ORDERS)),
                List.of(List.of(), List.of(0), List.of(1), List.of(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two operators share the id 'sink-a'");
    }

    @Test
    void lateRowsReadAWindowInItsInputType() {
        PhysicalPlan plan = new PhysicalPlan("j", lateRowsOps(TestPlans.ORDERS), LATE_INPUTS);
        assertThat(plan.consumersOf(3)).extracting(PhysicalPlan.Edge::to).containsExactly(4, 5);
        assertThat(plan.operators().get(5).describe()).isEqualTo("LateRows(fields=[user, amount, ts])");
    }

    @Test
    void lateRowsOfAnotherTypeThanTheWindowInputAreRefused() {
        RowType other = RowType.builder().add("user", DataType.string()).build();
        assertThatThrownBy(() -> new PhysicalPlan("j", lateRowsOps(other), LATE_INPUTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("late rows late-1 have type")
                .hasMessageContaining("but window window-agg-1 receives");
    }

    @Test
    void lateRowsReadOnlyAWindowOperator() {
        // late rows behind the watermark assigner instead of the window
        List<List<Integer>> inputs =
                List.of(List.of(), List.of(0), List.of(1), List.of(2), List.of(3), List.of(2), List.of(5));
        assertThatThrownBy(() -> new PhysicalPlan("j", lateRowsOps(TestPlans.ORDERS), inputs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("late rows late-1 read one window operator")
                .hasMessageContaining("[watermark-1]");
    }

    @Test
    void aSessionWindowMayHaveLateRows() {
        DataType bigint = DataType.bigint();
        RowType out = RowType.builder().add("user", DataType.string()).add("window_start", DataType.timestamp(3))
                .add("window_end", DataType.timestamp(3)).add("cnt", bigint.notNull()).build();
        SessionWindowAggregateSpec session = new SessionWindowAggregateSpec("session-1", out, new int[] {0}, 2, 4_000,
                List.of(new AggregateCall(AggregateFunctionKind.COUNT, -1, false, bigint.notNull(), "cnt")), false);
        PhysicalPlan plan = new PhysicalPlan("j", List.of(source(), TestPlans.watermarkSpec(), session,
                new LateRowsSpec("late-1", TestPlans.ORDERS), sink("sink-late", TestPlans.ORDERS),
                sink("sink-s", out)),
                List.of(List.of(), List.of(0), List.of(1), List.of(2), List.of(3), List.of(2)));
        assertThat(plan.sinks()).extracting(SinkSpec::id).containsExactly("sink-late", "sink-s");
    }
}

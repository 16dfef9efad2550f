package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.Row;
import dev.weir.core.WeirException;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.executor.testing.GroupPlans;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Non-windowed GROUP BY: the changelog it emits, its state TTL, and snapshot/restore, on both backends. */
class GroupAggregateOperatorTest {
    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    static GroupAggregateSpec spec(long ttl) {
        return GroupPlans.spec(ttl);
    }

    private static final String TS = ", 2023-11-14 22:13:20.000]";

    @ParameterizedTest
    @MethodSource("backends")
    void newKeyInsertsThenEveryChangeRetractsAndUpdates(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(0), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 3" + TS, "+I[bob, 10" + TS, "+I[alice, 5" + TS);
            assertThat(h.outputText()).containsExactly(
                    "+I[alice, 1, 3, 3, 3, 3, 1]",
                    "+I[bob, 1, 10, 10, 10, 10, 1]",
                    "-U[alice, 1, 3, 3, 3, 3, 1]",
                    "+U[alice, 2, 8, 3, 5, 4, 2]");
            h.process("+I[alice, null" + TS);
            assertThat(h.outputText()).hasSize(6).endsWith(
                    "-U[alice, 2, 8, 3, 5, 4, 2]",
                    "+U[alice, 3, 8, 3, 5, 4, 2]");
            h.watermark(1000);
            assertThat(h.watermarks()).containsExactly(1000L);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void unchangedResultIsNotReEmittedButItsStateStillChanges(TestBackends.Choice backend) throws Exception {
        DataType bigint = DataType.bigint();
        RowType out = RowType.builder().add("user", DataType.string()).add("hi", bigint).add("avg", bigint).build();
        GroupAggregateSpec spec = new GroupAggregateSpec("g", out, new int[] {0}, List.of(
                new AggregateCall(AggregateFunctionKind.MAX, 1, false, bigint, "hi"),
                new AggregateCall(AggregateFunctionKind.AVG, 1, false, bigint, "avg")), 0);
        try (OperatorHarness h = OperatorHarness.of(spec, TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[a, 4" + TS, "+I[a, 4" + TS);
            assertThat(h.outputText()).containsExactly("+I[a, 4, 4]");
            // AVG's count changed with the second row: (4 + 4 + 1) / 3 = 3.
            h.process("+I[a, 1" + TS);
            assertThat(h.outputText()).containsExactly("+I[a, 4, 4]", "-U[a, 4, 4]", "+U[a, 4, 3]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void globalAggregateWithFilterHasOneEmptyKey(TestBackends.Choice backend) throws Exception {
        RowType input = RowType.builder().add("amount", DataType.bigint())
                .add("big", DataType.of(TypeRoot.BOOLEAN)).build();
        RowType out = RowType.builder().add("cnt", DataType.bigint().notNull())
                .add("big_cnt", DataType.bigint().notNull()).build();
        GroupAggregateSpec spec = new GroupAggregateSpec("g", out, new int[0], List.of(
                new AggregateCall(AggregateFunctionKind.COUNT, -1, false, DataType.bigint().notNull(), "cnt"),
                new AggregateCall(AggregateFunctionKind.COUNT, -1, false, DataType.bigint().notNull(), "big_cnt", 1)),
                0);
        try (OperatorHarness h = OperatorHarness.of(spec, input, backend, tmp)) {
            h.process("+I[5, false]", "+I[500, true]");
            assertThat(h.outputText()).containsExactly("+I[1, 0]", "-U[1, 0]", "+U[2, 1]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void stateOfAKeyIdleLongerThanTheTtlIsDropped(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(1_000), TestPlans.ORDERS, backend, tmp)) {
            h.processingTime(10_000).process("+I[alice, 3" + TS, "+I[bob, 1" + TS);
            h.processingTime(10_600).process("+I[bob, 1" + TS);
            // With a TTL an unchanged result is still emitted (Flink does so to refresh downstream state).
            h.processingTime(10_900).process("+I[alice, 3" + TS);
            GroupAggregateOperator op = (GroupAggregateOperator) h.operator();
            assertThat(op.keysWithTtlTimers()).isEqualTo(2);
            // alice was updated at 10.9 s, bob at 10.6 s: at 11.7 s only bob has been idle for 1 s.
            h.clearOutput().processingTime(11_700).watermark(0);
            assertThat(op.keysWithTtlTimers()).isEqualTo(1);
            h.process("+I[bob, 7" + TS, "+I[alice, 4" + TS);
            assertThat(h.outputText()).containsExactly(
                    "+I[bob, 1, 7, 7, 7, 7, 1]",
                    "-U[alice, 2, 6, 3, 3, 3, 1]",
                    "+U[alice, 3, 10, 3, 4, 3, 2]");
            Path snapshot = h.snapshot();
            try (OperatorHarness restored = h.restore(snapshot)) {
                restored.processingTime(20_000).process("+I[alice, 1" + TS);
                assertThat(restored.outputText()).containsExactly("+I[alice, 1, 1, 1, 1, 1, 1]");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void retractionsIntoAnInsertOnlyAggregateAreRefused(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(0), TestPlans.ORDERS, backend, tmp)) {
            assertThatThrownBy(() -> h.process("-U[alice, 3" + TS)).isInstanceOf(WeirException.class)
                    .hasMessageContaining("it was planned for an insert-only input");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void snapshotAndRestoreMidStreamContinuesTheChangelog(TestBackends.Choice backend) throws Exception {
        List<Row> input = TestPlans.orders(3000, 5);
        List<String> uninterrupted;
        try (OperatorHarness h = OperatorHarness.of(spec(0), TestPlans.ORDERS, backend, tmp)) {
            for (Row r : input) {
                h.process(r);
            }
            uninterrupted = h.outputText();
        }
        assertThat(uninterrupted).isEqualTo(GroupPlans.expected(input));
        List<String> resumed = new ArrayList<>();
        Path snapshot;
        try (OperatorHarness first = OperatorHarness.of(spec(0), TestPlans.ORDERS, backend, tmp)) {
            for (Row r : input.subList(0, 1800)) {
                first.process(r);
            }
            snapshot = first.snapshot();
            resumed.addAll(first.outputText());
            for (Row r : input.subList(1800, 2400)) {
                first.process(r); // lost in the "crash", replayed below
            }
        }
        try (OperatorHarness second = OperatorHarness.restore(spec(0), TestPlans.ORDERS, backend, tmp, snapshot)) {
            for (Row r : input.subList(1800, input.size())) {
                second.process(r);
            }
            resumed.addAll(second.outputText());
        }
        assertThat(resumed).isEqualTo(uninterrupted);
    }
}

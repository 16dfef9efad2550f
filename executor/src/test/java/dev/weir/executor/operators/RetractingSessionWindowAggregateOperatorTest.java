package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SESSION windows over an updating input: retracting accumulators per (key, session), merged as sessions merge. */
class RetractingSessionWindowAggregateOperatorTest {
    private static final String D = "2023-11-14 22:13:";
    private static final DataType BIGINT = DataType.bigint();

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    /** COUNT(*), SUM, MIN, MAX and COUNT(DISTINCT) of amount per user over ORDERS (user, amount, ts), gap 5 s. */
    static SessionWindowAggregateSpec spec(boolean updatingInput) {
        RowType out = RowType.builder()
                .add("user", DataType.string())
                .add("window_start", DataType.timestamp(3))
                .add("window_end", DataType.timestamp(3))
                .add("cnt", BIGINT.notNull()).add("total", BIGINT).add("lo", BIGINT).add("hi", BIGINT)
                .add("dc", BIGINT.notNull())
                .build();
        return new SessionWindowAggregateSpec("session-r", out, new int[] {0}, 2, 5_000, List.of(
                new AggregateCall(AggregateFunctionKind.COUNT, -1, false, BIGINT.notNull(), "cnt"),
                new AggregateCall(AggregateFunctionKind.SUM, 1, false, BIGINT, "total"),
                new AggregateCall(AggregateFunctionKind.MIN, 1, false, BIGINT, "lo"),
                new AggregateCall(AggregateFunctionKind.MAX, 1, false, BIGINT, "hi"),
                new AggregateCall(AggregateFunctionKind.COUNT, 1, true, BIGINT.notNull(), "dc")),
                false, 0, null, updatingInput);
    }

    private static RetractingSessionWindowAggregateOperator op(OperatorHarness h) {
        return (RetractingSessionWindowAggregateOperator) h.operator();
    }

    private static String row(String user, String start, String end, String aggregates) {
        return "+I[" + user + ", " + D + start + ", " + D + end + ", " + aggregates + "]";
    }

    @ParameterizedTest
    @MethodSource("backends")
    void updatesAndDeletesAreTakenBackAndAnEmptiedSessionEmitsNothing(TestBackends.Choice backend)
            throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(true), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 10, " + D + "21.000]", "+I[alice, 5, " + D + "22.000]",
                    "-U[alice, 10, " + D + "21.000]", "+U[alice, 7, " + D + "21.000]",
                    "-D[alice, 5, " + D + "22.000]", "+I[bob, 2, " + D + "21.000]", "-D[bob, 2, " + D + "21.000]");
            assertThat(op(h).openSessions()).isEqualTo(2);
            // the delete of 22 does not shrink alice's session [21, 27)
            h.watermark(D + "26.998");
            assertThat(h.outputText()).isEmpty();
            h.watermark(D + "26.999");
            assertThat(h.outputText()).containsExactly(row("alice", "21.000", "27.000", "1, 7, 7, 7, 1"));
            assertThat(op(h).openSessions()).isZero();
            h.endInput();
            assertThat(h.outputText()).hasSize(1);
            assertThat(h.metrics().lateRowsDropped()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRowBridgingTwoSessionsMergesTheirRetractingState(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(true), TestPlans.ORDERS, backend, tmp)) {
            // session A [21, 27): 3, 1, then the MIN 1 is retracted
            h.process("+I[alice, 3, " + D + "21.000]", "+I[alice, 1, " + D + "22.000]", "-D[alice, 1, " + D
                    + "22.000]");
            // session B [30, 38): 9, 2, 3, then the MAX 9 is retracted
            h.process("+I[alice, 9, " + D + "30.000]", "+I[alice, 2, " + D + "31.000]", "+I[alice, 3, " + D
                    + "33.000]", "-D[alice, 9, " + D + "30.000]");
            assertThat(op(h).openSessions()).isEqualTo(2);
            // 27 touches A's end and B's start: one session [21, 38) of 3, 2, 3, 4
            h.process("+I[alice, 4, " + D + "27.000]");
            assertThat(op(h).openSessions()).isEqualTo(1);
            // the merged state still retracts: the 2 goes, MIN finds the 3
            h.process("-D[alice, 2, " + D + "31.000]");
            h.endInput();
            assertThat(h.outputText()).containsExactly(row("alice", "21.000", "38.000", "3, 10, 3, 4, 2"));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void outOfOrderRowsExtendSessionsAndRetractionsNeverDo(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(true), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 1, " + D + "21.000]", "+I[alice, 2, " + D + "19.000]");
            // 28 is in no session (alice's ends at 26): nothing to take back, and no session opens for it
            h.process("-D[alice, 7, " + D + "28.000]", "+I[alice, 5, " + D + "29.000]");
            h.endInput();
            assertThat(h.outputText()).containsExactly(row("alice", "19.000", "26.000", "2, 3, 1, 2, 2"),
                    row("alice", "29.000", "34.000", "1, 5, 5, 5, 1"));
            assertThat(h.metrics().lateRowsDropped()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aChangeToAFiredSessionIsLateDroppedAndCounted(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(true), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 4, " + D + "21.000]");
            h.watermark(D + "26.000");
            h.process("-U[alice, 4, " + D + "21.000]", "+U[alice, 6, " + D + "21.000]", "+I[bob, 1, null]",
                    "-D[carol, 1, " + D + "40.000]", "+I[alice, 1, " + D + "35.000]");
            h.endInput();
            assertThat(h.outputText()).containsExactly(row("alice", "21.000", "26.000", "1, 4, 4, 4, 1"),
                    row("alice", "35.000", "40.000", "1, 1, 1, 1, 1"));
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void snapshotAndRestoreKeepTheSessionsAndTheWatermark(TestBackends.Choice backend) throws Exception {
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(spec(true), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 3, " + D + "21.000]", "+I[alice, 1, " + D + "22.000]",
                    "+I[bob, 2, " + D + "33.000]");
            h.watermark(D + "20.000");
            snapshot = h.snapshot();
            h.process("-D[alice, 3, " + D + "21.000]");
        }
        try (OperatorHarness r = OperatorHarness.restore(spec(true), TestPlans.ORDERS, backend, tmp, snapshot)) {
            assertThat(op(r).openSessions()).isEqualTo(2);
            r.process("-D[alice, 1, " + D + "22.000]", "+I[alice, 8, " + D + "24.000]", "+I[bob, 1, " + D
                    + "10.000]");
            r.endInput();
            assertThat(r.outputText()).containsExactly(row("alice", "21.000", "29.000", "2, 11, 3, 8, 2"),
                    row("bob", "33.000", "38.000", "1, 2, 2, 2, 1"));
            assertThat(r.metrics().lateRowsDropped()).isEqualTo(1);
        }
    }

    @Test
    void explainNamesTheRetractingAggregatesAndLeavesInsertOnlyPlansAlone() {
        SessionWindowAggregateSpec updating = spec(true);
        SessionWindowAggregateSpec insertOnly = spec(false);
        assertThat(updating.describe()).contains("COUNT_RETRACT(*) AS cnt", "MIN_RETRACT($1) AS lo",
                "SESSION(time_col=[$2], gap=[5000 ms])", "inputChangelog=[I,UB,UA,D]");
        assertThat(updating.stateDescription()).contains("retractable accumulators", "multiset");
        assertThat(insertOnly.describe()).doesNotContain("RETRACT", "inputChangelog").contains("COUNT(*) AS cnt");
        assertThat(insertOnly).isEqualTo(new SessionWindowAggregateSpec("session-r", insertOnly.outputType(),
                insertOnly.keyIndices(), 2, 5_000, insertOnly.aggregateCalls(), false, 0, null));
        assertThat(insertOnly).isNotEqualTo(updating);
        assertThatThrownBy(() -> new SessionWindowAggregateSpec("s", updating.outputType(), updating.keyIndices(), 2,
                5_000, updating.aggregateCalls(), false, 1_000, null, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

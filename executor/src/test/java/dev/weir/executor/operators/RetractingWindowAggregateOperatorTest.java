package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.executor.plan.WindowKind;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** TUMBLE, HOP and CUMULATE over an updating input: retracting accumulators per (key, window). */
class RetractingWindowAggregateOperatorTest {
    private static final String D = "2023-11-14 22:13:";
    private static final DataType BIGINT = DataType.bigint();

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    /** COUNT(*), SUM(amount), MIN(amount), MAX(amount) per user over ORDERS (user, amount, ts). */
    static WindowAggregateSpec spec(WindowKind kind, long size, long slide, boolean windowTime) {
        RowType.Builder out = RowType.builder()
                .add("user", DataType.string())
                .add("window_start", DataType.timestamp(3))
                .add("window_end", DataType.timestamp(3));
        if (windowTime) {
            out.add("window_time", DataType.timestamp(3));
        }
        out.add("cnt", BIGINT.notNull()).add("total", BIGINT).add("lo", BIGINT).add("hi", BIGINT);
        return new WindowAggregateSpec("window-agg-r", out.build(), new int[] {0}, 2, size, 0, List.of(
                new AggregateCall(AggregateFunctionKind.COUNT, -1, false, BIGINT.notNull(), "cnt"),
                new AggregateCall(AggregateFunctionKind.SUM, 1, false, BIGINT, "total"),
                new AggregateCall(AggregateFunctionKind.MIN, 1, false, BIGINT, "lo"),
                new AggregateCall(AggregateFunctionKind.MAX, 1, false, BIGINT, "hi")),
                kind, slide, windowTime, 0, null, true);
    }

    private static WindowAggregateSpec tumble() {
        return spec(WindowKind.TUMBLE, 10_000, 10_000, false);
    }

    private static RetractingWindowAggregateOperator op(OperatorHarness h) {
        return (RetractingWindowAggregateOperator) h.operator();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void updatesAndDeletesAreTakenBackBeforeTheWindowFires(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(tumble(), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 10, " + D + "21.000]", "+I[alice, 5, " + D + "22.000]",
                    "-U[alice, 10, " + D + "21.000]", "+U[alice, 7, " + D + "21.000]",
                    "-D[alice, 5, " + D + "22.000]", "+I[alice, 1, " + D + "32.000]");
            h.watermark(D + "29.998");
            assertThat(h.output()).isEmpty();
            h.watermark(D + "29.999");
            assertThat(h.outputText()).containsExactly("+I[alice, " + D + "20.000, " + D + "30.000, 1, 7, 7, 7]");
            assertThat(op(h).pendingWindows()).isEqualTo(1);
            h.endInput();
            assertThat(h.outputText()).containsExactly("+I[alice, " + D + "20.000, " + D + "30.000, 1, 7, 7, 7]",
                    "+I[alice, " + D + "30.000, " + D + "40.000, 1, 1, 1, 1]");
            assertThat(op(h).pendingWindows()).isZero();
            assertThat(h.metrics().lateRowsDropped()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void minAndMaxFindTheNextExtremeWhenTheirValueIsRetracted(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(tumble(), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[bob, 3, " + D + "21.000]", "+I[bob, 1, " + D + "22.000]", "+I[bob, 9, " + D + "23.000]",
                    "+I[bob, 1, " + D + "24.000]", "+I[bob, 5, " + D + "25.000]");
            // one of the two 1s goes: still the minimum; the 9 goes: MAX finds the 5 among the values
            h.process("-D[bob, 1, " + D + "22.000]", "-D[bob, 9, " + D + "23.000]");
            h.watermark(D + "29.999");
            h.process("+I[carol, 4, " + D + "31.000]");
            h.process("-D[bob, 1, " + D + "34.000]"); // a window without state: nothing to take back
            h.process("+I[carol, 2, " + D + "32.000]", "-D[carol, 2, " + D + "32.000]");
            h.endInput();
            assertThat(h.outputText()).containsExactly("+I[bob, " + D + "20.000, " + D + "30.000, 3, 9, 1, 5]",
                    "+I[carol, " + D + "30.000, " + D + "40.000, 1, 4, 4, 4]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aWindowWhoseRowsAreAllRetractedEmitsNothingAndKeepsNoState(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(tumble(), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 4, " + D + "21.000]", "+I[bob, 2, " + D + "22.000]");
            assertThat(op(h).pendingWindows()).isEqualTo(2);
            h.process("-D[bob, 2, " + D + "22.000]");
            assertThat(op(h).pendingWindows()).isEqualTo(1);
            h.endInput();
            assertThat(h.outputText()).containsExactly("+I[alice, " + D + "20.000, " + D + "30.000, 1, 4, 4, 4]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aChangeToAFiredWindowIsLateDroppedAndCounted(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(tumble(), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 4, " + D + "21.000]");
            h.watermark(D + "30.000");
            h.process("-U[alice, 4, " + D + "21.000]", "+U[alice, 6, " + D + "21.000]", "+I[alice, 1, "
                    + D + "35.000]", "+I[bob, 1, null]");
            h.endInput();
            assertThat(h.outputText()).containsExactly("+I[alice, " + D + "20.000, " + D + "30.000, 1, 4, 4, 4]",
                    "+I[alice, " + D + "30.000, " + D + "40.000, 1, 1, 1, 1]");
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void hopRetractsFromTheWindowsThatHaveNotFiredYet(TestBackends.Choice backend) throws Exception {
        WindowAggregateSpec hop = spec(WindowKind.HOP, 10_000, 5_000, false);
        try (OperatorHarness h = OperatorHarness.of(hop, TestPlans.ORDERS, backend, tmp)) {
            // 22 is in [15, 25) and [20, 30); 26 in [20, 30) and [25, 35)
            h.process("+I[alice, 10, " + D + "22.000]", "+I[alice, 3, " + D + "26.000]");
            h.watermark(D + "24.999");
            assertThat(h.outputText()).containsExactly("+I[alice, " + D + "15.000, " + D + "25.000, 1, 10, 10, 10]");
            // [15, 25) has fired: the delete only reaches [20, 30), so it is not late
            h.process("-D[alice, 10, " + D + "22.000]");
            h.endInput();
            assertThat(h.outputText()).containsExactly("+I[alice, " + D + "15.000, " + D + "25.000, 1, 10, 10, 10]",
                    "+I[alice, " + D + "20.000, " + D + "30.000, 1, 3, 3, 3]",
                    "+I[alice, " + D + "25.000, " + D + "35.000, 1, 3, 3, 3]");
            assertThat(h.metrics().lateRowsDropped()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void cumulateAccumulatesIntoEveryWindowUpToTheSize(TestBackends.Choice backend) throws Exception {
        WindowAggregateSpec cumulate = spec(WindowKind.CUMULATE, 10_000, 5_000, true);
        try (OperatorHarness h = OperatorHarness.of(cumulate, TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 2, " + D + "21.000]", "+I[alice, 8, " + D + "27.000]",
                    "-U[alice, 2, " + D + "21.000]", "+U[alice, 5, " + D + "21.000]");
            h.endInput();
            assertThat(h.outputText()).containsExactly(
                    "+I[alice, " + D + "20.000, " + D + "25.000, " + D + "24.999, 1, 5, 5, 5]",
                    "+I[alice, " + D + "20.000, " + D + "30.000, " + D + "29.999, 2, 13, 5, 8]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void snapshotAndRestoreKeepTheWindowsAndTheWatermark(TestBackends.Choice backend) throws Exception {
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(tumble(), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 3, " + D + "21.000]", "+I[alice, 1, " + D + "22.000]",
                    "+I[bob, 2, " + D + "33.000]");
            h.watermark(D + "25.000");
            snapshot = h.snapshot();
            h.process("-D[alice, 3, " + D + "21.000]");
        }
        try (OperatorHarness r = OperatorHarness.restore(tumble(), TestPlans.ORDERS, backend, tmp, snapshot)) {
            assertThat(op(r).currentWatermark()).isEqualTo(dev.weir.executor.testing.RowText.timestamp(D + "25.000"));
            r.process("-D[alice, 1, " + D + "22.000]", "+I[bob, 1, " + D + "10.000]");
            r.endInput();
            assertThat(r.outputText()).containsExactly("+I[alice, " + D + "20.000, " + D + "30.000, 1, 3, 3, 3]",
                    "+I[bob, " + D + "30.000, " + D + "40.000, 1, 2, 2, 2]");
            assertThat(r.metrics().lateRowsDropped()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void windowsOverATimestampLtzRowtimeLiveOnTheSessionZonesWallClock(TestBackends.Choice backend)
            throws Exception {
        WindowAggregateSpec base = spec(WindowKind.TUMBLE, 3_600_000, 3_600_000, true);
        WindowAggregateSpec ist = new WindowAggregateSpec(base.id(), base.outputType(), base.keyIndices(), 2,
                3_600_000, 0, base.aggregateCalls(), WindowKind.TUMBLE, 3_600_000, true, 0,
                java.time.ZoneId.of("Asia/Kolkata"), true);
        try (OperatorHarness h = OperatorHarness.of(ist, TestPlans.ORDERS, backend, tmp)) {
            // 22:13:20 UTC is 03:43:20 in Kolkata (UTC+05:30): the local window [03:00, 04:00) ends at 22:30 UTC
            h.process("+I[alice, 4, " + D + "20.000]", "+I[alice, 6, 2023-11-14 22:29:00.000]",
                    "-D[alice, 4, " + D + "20.000]");
            h.watermark("2023-11-14 22:29:59.998");
            assertThat(h.output()).isEmpty();
            h.watermark("2023-11-14 22:29:59.999");
            assertThat(h.outputText()).containsExactly("+I[alice, 2023-11-15 03:00:00.000, 2023-11-15 04:00:00.000, "
                    + "2023-11-14 22:29:59.999, 1, 6, 6, 6]");
        }
    }

    @Test
    void explainNamesTheRetractingAggregatesAndLeavesInsertOnlyPlansAlone() {
        WindowAggregateSpec updating = tumble();
        assertThat(updating.describe()).contains("COUNT_RETRACT(*) AS cnt", "MIN_RETRACT($1) AS lo",
                "inputChangelog=[I,UB,UA,D]");
        assertThat(updating.stateDescription()).contains("a row count and retractable accumulators per (user, window)",
                "multiset");
        WindowAggregateSpec insertOnly = new WindowAggregateSpec("window-agg-r", updating.outputType(),
                updating.keyIndices(), 2, 10_000, 0, updating.aggregateCalls(), WindowKind.TUMBLE, 10_000, false, 0,
                null);
        assertThat(insertOnly.updatingInput()).isFalse();
        assertThat(insertOnly.describe()).doesNotContain("RETRACT", "inputChangelog").contains("COUNT(*) AS cnt");
        assertThat(insertOnly).isNotEqualTo(updating);
        assertThatThrownBy(() -> updating.withAllowedLateness(1_000)).isInstanceOf(IllegalArgumentException.class);
    }
}

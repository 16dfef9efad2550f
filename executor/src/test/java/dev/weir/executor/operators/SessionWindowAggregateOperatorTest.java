package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SessionWindowAggregateOperatorTest {
    private static final String D = "2023-11-14 22:13:";

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    static SessionWindowAggregateSpec spec(boolean windowTime) {
        DataType bigint = DataType.bigint();
        RowType.Builder out = RowType.builder()
                .add("user", DataType.string())
                .add("window_start", DataType.timestamp(3))
                .add("window_end", DataType.timestamp(3));
        if (windowTime) {
            out.add("window_time", DataType.timestamp(3));
        }
        out.add("cnt", bigint.notNull()).add("total", bigint);
        return new SessionWindowAggregateSpec("session-1", out.build(), new int[] {0}, 2, 4_000, List.of(
                new AggregateCall(AggregateFunctionKind.COUNT, -1, false, bigint.notNull(), "cnt"),
                new AggregateCall(AggregateFunctionKind.SUM, 1, false, bigint, "total")), windowTime);
    }

    private OperatorHarness harness(TestBackends.Choice backend) throws Exception {
        return OperatorHarness.of(spec(false), TestPlans.ORDERS, backend, tmp);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sessionFiresWhenWatermarkPassesLastRowPlusGap(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(backend)) {
            h.process("+I[alice, 1, " + D + "20.000]", "+I[alice, 2, " + D + "22.000]",
                    "+I[bob, 5, " + D + "21.000]");
            h.watermark(D + "24.998");
            assertThat(h.output()).isEmpty();
            h.watermark(D + "24.999");
            assertThat(h.outputText()).containsExactly("+I[bob, " + D + "21.000, " + D + "25.000, 1, 5]");
            h.watermark(D + "25.999");
            assertThat(h.outputText()).containsExactly("+I[bob, " + D + "21.000, " + D + "25.000, 1, 5]",
                    "+I[alice, " + D + "20.000, " + D + "26.000, 2, 3]");
            assertThat(((SessionWindowAggregateOperator) h.operator()).openSessions()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRowBridgingTwoSessionsMergesThem(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(backend)) {
            h.process("+I[alice, 1, " + D + "20.000]", "+I[alice, 2, " + D + "30.000]");
            assertThat(((SessionWindowAggregateOperator) h.operator()).openSessions()).isEqualTo(2);
            // [24, 28) touches [20, 24); then [27, 31) touches [30, 34): one session
            h.process("+I[alice, 4, " + D + "24.000]");
            h.process("+I[alice, 8, " + D + "27.000]");
            assertThat(((SessionWindowAggregateOperator) h.operator()).openSessions()).isEqualTo(1);
            h.endInput();
            assertThat(h.outputText()).containsExactly("+I[alice, " + D + "20.000, " + D + "34.000, 4, 15]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void lateRowsAreDroppedAndCountedButMayExtendAnOpenSession(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(backend)) {
            h.process("+I[alice, 1, " + D + "20.000]");
            h.watermark(D + "26.000");
            h.process("+I[alice, 100, " + D + "21.000]", "+I[bob, 7, " + D + "30.000]");
            // in the delay: [25, 29) ends after the watermark, so it opens a session
            h.process("+I[carol, 3, " + D + "25.000]");
            h.endInput();
            assertThat(h.outputText()).containsExactly("+I[alice, " + D + "20.000, " + D + "24.000, 1, 1]",
                    "+I[carol, " + D + "25.000, " + D + "29.000, 1, 3]",
                    "+I[bob, " + D + "30.000, " + D + "34.000, 1, 7]");
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void snapshotAndRestoreKeepsOpenSessionsAndTheWatermark(TestBackends.Choice backend) throws Exception {
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(spec(true), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 1, " + D + "20.000]", "+I[bob, 2, " + D + "21.000]");
            h.watermark(D + "22.000");
            snapshot = h.snapshot();
            h.process("+I[alice, 50, " + D + "23.000]");
        }
        try (OperatorHarness r = OperatorHarness.restore(spec(true), TestPlans.ORDERS, backend, tmp, snapshot)) {
            r.process("+I[alice, 4, " + D + "23.000]", "+I[bob, 9, " + D + "10.000]");
            r.endInput();
            assertThat(r.outputText()).containsExactly(
                    "+I[bob, " + D + "21.000, " + D + "25.000, " + D + "24.999, 1, 2]",
                    "+I[alice, " + D + "20.000, " + D + "27.000, " + D + "26.999, 2, 5]");
            assertThat(r.metrics().lateRowsDropped()).isEqualTo(1);
        }
    }
}

package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.OverAggregateSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OverAggregateOperatorTest {
    private static final String D = "2023-11-14 22:13:";

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    /** COUNT(*), SUM(amount), MAX(amount) OVER (PARTITION BY user ORDER BY ts <frame>). */
    private static OverAggregateSpec spec(boolean rows, long preceding) {
        RowType out = RowType.builder().add("user", DataType.string()).add("amount", DataType.bigint())
                .add("ts", DataType.timestamp(3)).add("cnt", DataType.bigint().notNull())
                .add("total", DataType.bigint()).add("hi", DataType.bigint()).build();
        return new OverAggregateSpec("over-1", out, new int[] {0}, 2, rows, preceding, List.of(
                new AggregateCall(AggregateFunctionKind.COUNT, -1, false, DataType.bigint().notNull(), "cnt"),
                new AggregateCall(AggregateFunctionKind.SUM, 1, false, DataType.bigint(), "total"),
                new AggregateCall(AggregateFunctionKind.MAX, 1, false, DataType.bigint(), "hi")));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void unboundedRowsEmitsInTimestampOrderOnceTheWatermarkPassesAndDropsLateRows(TestBackends.Choice backend)
            throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(true, -1), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 5, " + D + "22.000]", "+I[alice, 3, " + D + "20.000]", "+I[bob, 7, " + D + "21.000]");
            assertThat(h.outputText()).isEmpty();
            h.watermark(D + "21.000");
            assertThat(h.outputText()).containsExactly("+I[alice, 3, " + D + "20.000, 1, 3, 3]",
                    "+I[bob, 7, " + D + "21.000, 1, 7, 7]");
            h.process("+I[alice, 100, " + D + "21.000]"); // at the watermark: late
            h.watermark(D + "30.000");
            assertThat(h.outputText()).endsWith("+I[alice, 5, " + D + "22.000, 2, 8, 5]");
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
            assertThat(((OverAggregateOperator) h.operator()).pendingTimestamps()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void boundedRowsFrameSlidesAcrossASnapshotAndRestore(TestBackends.Choice backend) throws Exception {
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(spec(true, 1), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 1, " + D + "10.000]", "+I[alice, 2, " + D + "11.000]", "+I[alice, 4, " + D + "12.000]");
            h.watermark(D + "11.000");
            assertThat(h.outputText()).containsExactly("+I[alice, 1, " + D + "10.000, 1, 1, 1]",
                    "+I[alice, 2, " + D + "11.000, 2, 3, 2]");
            snapshot = h.snapshot();
            h.process("+I[alice, 99, " + D + "13.000]");
        }
        try (OperatorHarness r = OperatorHarness.restore(spec(true, 1), TestPlans.ORDERS, backend, tmp, snapshot)) {
            r.process("+I[alice, 50, " + D + "05.000]"); // behind the restored watermark: late
            r.process("+I[alice, 8, " + D + "13.000]");
            r.watermark(D + "20.000");
            assertThat(r.outputText()).containsExactly("+I[alice, 4, " + D + "12.000, 2, 6, 4]",
                    "+I[alice, 8, " + D + "13.000, 2, 12, 8]");
            assertThat(r.metrics().lateRowsDropped()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rangeFrameLetsPeersSeeEachOtherAndExpiresOldRows(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(false, 2_000), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 1, " + D + "10.000]", "+I[alice, 2, " + D + "12.000]", "+I[alice, 4, " + D + "12.000]",
                    "+I[alice, 8, " + D + "14.500]");
            h.watermark(D + "20.000");
            assertThat(h.outputText()).containsExactly("+I[alice, 1, " + D + "10.000, 1, 1, 1]",
                    "+I[alice, 2, " + D + "12.000, 3, 7, 4]", "+I[alice, 4, " + D + "12.000, 3, 7, 4]",
                    "+I[alice, 8, " + D + "14.500, 1, 8, 8]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void unboundedRangeCountsPeersTogether(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(false, -1), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[bob, 1, " + D + "10.000]", "+I[bob, 2, " + D + "10.000]", "+I[bob, 3, " + D + "11.000]");
            h.endInput();
            assertThat(h.outputText()).containsExactly("+I[bob, 1, " + D + "10.000, 2, 3, 2]",
                    "+I[bob, 2, " + D + "10.000, 2, 3, 2]", "+I[bob, 3, " + D + "11.000, 3, 6, 3]");
        }
    }
}

package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.RowText;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WindowAggregateOperatorTest {
    private static final String W1 = "2023-11-14 22:13:20.000, 2023-11-14 22:13:30.000";
    private static final String W2 = "2023-11-14 22:13:30.000, 2023-11-14 22:13:40.000";

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private OperatorHarness harness(TestBackends.Choice backend) throws Exception {
        return OperatorHarness.of(TestPlans.windowSpec(), TestPlans.ORDERS, backend, tmp);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void firesWhenWatermarkReachesWindowEndMinusOne(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(backend)) {
            h.process("+I[alice, 3, 2023-11-14 22:13:20.000]", "+I[alice, 5, 2023-11-14 22:13:25.000]",
                    "+I[bob, 7, 2023-11-14 22:13:29.999]", "+I[alice, 5, 2023-11-14 22:13:21.000]");
            h.watermark("2023-11-14 22:13:29.998");
            assertThat(h.output()).isEmpty();
            h.watermark("2023-11-14 22:13:29.999");
            assertThat(h.outputText()).containsExactlyInAnyOrder(
                    "+I[alice, " + W1 + ", 3, 13, 3, 5, 4, 2]",
                    "+I[bob, " + W1 + ", 1, 7, 7, 7, 7, 1]");
            assertThat(h.watermarks()).containsExactly(RowText.timestamp("2023-11-14 22:13:29.998"),
                    RowText.timestamp("2023-11-14 22:13:29.999"));
            assertThat(((WindowAggregateOperator) h.operator()).pendingWindows()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void outOfOrderRowsWithinTheWatermarkDelayCount(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(backend)) {
            h.process("+I[alice, 1, 2023-11-14 22:13:31.000]", "+I[alice, 2, 2023-11-14 22:13:28.000]");
            h.watermark("2023-11-14 22:13:29.000");
            h.process("+I[alice, 4, 2023-11-14 22:13:29.500]", "+I[bob, 8, 2023-11-14 22:13:35.000]");
            h.watermark("2023-11-14 22:13:33.000");
            assertThat(h.outputText()).containsExactly("+I[alice, " + W1 + ", 2, 6, 2, 4, 3, 2]");
            h.endInput();
            assertThat(h.outputText()).containsExactlyInAnyOrder(
                    "+I[alice, " + W1 + ", 2, 6, 2, 4, 3, 2]",
                    "+I[alice, " + W2 + ", 1, 1, 1, 1, 1, 1]",
                    "+I[bob, " + W2 + ", 1, 8, 8, 8, 8, 1]");
            assertThat(h.metrics().lateRowsDropped()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void lateRowsAreDroppedAndCounted(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(backend)) {
            h.process("+I[alice, 1, 2023-11-14 22:13:21.000]");
            h.watermark("2023-11-14 22:13:30.000");
            h.process("+I[alice, 100, 2023-11-14 22:13:29.999]", "+I[bob, 100, 2023-11-14 22:13:20.000]",
                    "+I[carol, 5, 2023-11-14 22:13:30.001]");
            h.endInput();
            assertThat(h.outputText()).containsExactlyInAnyOrder(
                    "+I[alice, " + W1 + ", 1, 1, 1, 1, 1, 1]",
                    "+I[carol, " + W2 + ", 1, 5, 5, 5, 5, 1]");
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void nullArgumentsAreIgnoredButCountStarCountsThem(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(backend)) {
            h.process("+I[alice, null, 2023-11-14 22:13:21.000]", "+I[alice, null, 2023-11-14 22:13:22.000]");
            h.endInput();
            assertThat(h.outputText()).containsExactly("+I[alice, " + W1 + ", 2, null, null, null, null, 0]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aggregatesWithoutKeysAndWithOffsetAndDoubleAverage(TestBackends.Choice backend) throws Exception {
        RowType out = RowType.builder()
                .add("window_start", DataType.timestamp(3))
                .add("window_end", DataType.timestamp(3))
                .add("avg_amount", DataType.of(dev.weir.core.type.TypeRoot.DOUBLE))
                .add("sum_distinct", DataType.bigint())
                .build();
        WindowAggregateSpec spec = new WindowAggregateSpec("global", out, new int[0], 2, 10_000, 5_000, List.of(
                new AggregateCall(AggregateFunctionKind.AVG, 1, false, DataType.of(dev.weir.core.type.TypeRoot.DOUBLE),
                        "avg_amount"),
                new AggregateCall(AggregateFunctionKind.SUM, 1, true, DataType.bigint(), "sum_distinct")));
        try (OperatorHarness h = OperatorHarness.of(spec, TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[a, 1, 2023-11-14 22:13:25.000]", "+I[b, 2, 2023-11-14 22:13:34.999]",
                    "+I[c, 2, 2023-11-14 22:13:30.000]", "+I[d, 9, 2023-11-14 22:13:24.999]");
            h.endInput();
            assertThat(h.outputText()).containsExactlyInAnyOrder(
                    "+I[2023-11-14 22:13:25.000, 2023-11-14 22:13:35.000, 1.6666666666666667, 3]",
                    "+I[2023-11-14 22:13:15.000, 2023-11-14 22:13:25.000, 9.0, 9]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void snapshotAndRestoreMidStreamEqualsUninterruptedRun(TestBackends.Choice backend) throws Exception {
        List<Row> input = TestPlans.orders(4000, 7);
        List<String> uninterrupted;
        try (OperatorHarness h = harness(backend)) {
            feed(h, input, 0, input.size(), Long.MIN_VALUE);
            h.endInput();
            uninterrupted = h.outputText();
            assertThat(h.metrics().lateRowsDropped()).isPositive();
        }
        List<String> resumed = new ArrayList<>();
        Path snapshot;
        long watermark;
        try (OperatorHarness first = harness(backend)) {
            watermark = feed(first, input, 0, 2500, Long.MIN_VALUE);
            snapshot = first.snapshot();
            int emittedBeforeSnapshot = first.output().size();
            // Output after the snapshot is lost with this instance, as in a crash; its input is replayed.
            feed(first, input, 2500, 3000, watermark);
            resumed.addAll(first.outputText().subList(0, emittedBeforeSnapshot));
        }
        try (OperatorHarness second = OperatorHarness.restore(TestPlans.windowSpec(), TestPlans.ORDERS, backend, tmp,
                snapshot)) {
            feed(second, input, 2500, input.size(), watermark);
            second.endInput();
            resumed.addAll(second.outputText());
        }
        assertThat(resumed).containsExactlyInAnyOrderElementsOf(uninterrupted);
        assertThat(uninterrupted).hasSizeGreaterThan(100);
    }

    /** Feeds rows and, like the watermark assigner, a watermark whenever max(ts) - delay advances. */
    private long feed(OperatorHarness h, List<Row> rows, int from, int to, long watermark) throws Exception {
        for (int i = from; i < to; i++) {
            Row r = rows.get(i);
            h.process(r);
            long wm = (Long) r.field(2) - TestPlans.DELAY_MILLIS;
            if (wm > watermark) {
                watermark = wm;
                h.watermark(wm);
            }
        }
        return watermark;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void manyKeysOverflowThePreAggregationBufferWithoutLosingCounts(TestBackends.Choice backend) throws Exception {
        int keys = WindowAggregateOperator.MAX_BUFFERED + 1000;
        long t = RowText.timestamp("2023-11-14 22:13:20.000");
        try (OperatorHarness h = harness(backend)) {
            for (int round = 0; round < 2; round++) {
                for (int k = 0; k < keys; k++) {
                    h.process(Row.of("user-" + k, (long) round, t + round));
                }
            }
            h.endInput();
            List<Row> output = h.output();
            assertThat(output).hasSize(keys);
            List<Row> wrong = new ArrayList<>();
            for (Row r : output) {
                if (!r.field(3).equals(2L) || !r.field(4).equals(1L)) {
                    wrong.add(r);
                }
            }
            assertThat(wrong).isEmpty();
        }
    }
}

package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.Row;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.executor.plan.WindowKind;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.RowText;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HOP and CUMULATE windows over slices, on both state backends. */
class SlicingWindowAggregateOperatorTest {
    private static final String T0 = "2023-11-14 22:13:";
    private static final RowType OUT = RowType.builder()
            .add("user", DataType.string())
            .add("window_start", DataType.timestamp(3))
            .add("window_end", DataType.timestamp(3))
            .add("cnt", DataType.bigint().notNull())
            .add("total", DataType.bigint())
            .add("hi", DataType.bigint())
            .add("distinct_amounts", DataType.bigint().notNull())
            .build();
    private static final RowType OUT_WITH_TIME = RowType.builder()
            .add("user", DataType.string())
            .add("window_start", DataType.timestamp(3))
            .add("window_end", DataType.timestamp(3))
            .add("window_time", DataType.timestamp(3))
            .add("cnt", DataType.bigint().notNull())
            .add("total", DataType.bigint())
            .add("hi", DataType.bigint())
            .add("distinct_amounts", DataType.bigint().notNull())
            .build();

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private static List<AggregateCall> calls() {
        DataType bigint = DataType.bigint();
        return List.of(
                new AggregateCall(AggregateFunctionKind.COUNT, -1, false, bigint.notNull(), "cnt"),
                new AggregateCall(AggregateFunctionKind.SUM, 1, false, bigint, "total"),
                new AggregateCall(AggregateFunctionKind.MAX, 1, false, bigint, "hi"),
                new AggregateCall(AggregateFunctionKind.COUNT, 1, true, bigint.notNull(), "distinct_amounts"));
    }

    /** HOP: windows of {@code size} every {@code slide}, per user. */
    static WindowAggregateSpec hop(long slide, long size) {
        return new WindowAggregateSpec("hop-1", OUT, new int[] {0}, 2, size, 0, calls(), WindowKind.HOP, slide,
                false);
    }

    static WindowAggregateSpec cumulate(long step, long size) {
        return new WindowAggregateSpec("cumulate-1", OUT, new int[] {0}, 2, size, 0, calls(), WindowKind.CUMULATE,
                step, false);
    }

    private static String w(String start, String end) {
        return T0 + start + ".000, " + T0 + end + ".000";
    }

    @ParameterizedTest
    @MethodSource("backends")
    void hopEmitsEveryOverlappingWindowWhenTheWatermarkPassesItsEnd(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(hop(5_000, 10_000), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 3, " + T0 + "21.000]", "+I[alice, 5, " + T0 + "26.000]",
                    "+I[bob, 7, " + T0 + "29.999]", "+I[alice, 5, " + T0 + "24.999]");
            h.watermark(T0 + "24.998");
            assertThat(h.output()).isEmpty();
            h.watermark(T0 + "24.999");
            assertThat(h.outputText()).containsExactly("+I[alice, " + w("15", "25") + ", 2, 8, 5, 2]");
            h.watermark(T0 + "29.999");
            assertThat(h.outputText()).containsExactlyInAnyOrder(
                    "+I[alice, " + w("15", "25") + ", 2, 8, 5, 2]",
                    "+I[alice, " + w("20", "30") + ", 3, 13, 5, 2]",
                    "+I[bob, " + w("20", "30") + ", 1, 7, 7, 1]");
            h.clearOutput().endInput();
            assertThat(h.outputText()).containsExactlyInAnyOrder(
                    "+I[alice, " + w("25", "35") + ", 1, 5, 5, 1]",
                    "+I[bob, " + w("25", "35") + ", 1, 7, 7, 1]");
            assertThat(((SlicingWindowAggregateOperator) h.operator()).pendingWindows()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void hopWithSizeNotAMultipleOfSlideUsesGcdSlices(TestBackends.Choice backend) throws Exception {
        // slide 4 s, size 10 s: slices of 2 s; windows end at multiples of 4 s.
        try (OperatorHarness h = OperatorHarness.of(hop(4_000, 10_000), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[a, 1, " + T0 + "21.000]", "+I[a, 2, " + T0 + "23.000]", "+I[a, 4, " + T0 + "27.000]");
            h.endInput();
            // 22:13:20 is 1700000000 s since the epoch, a multiple of 4 s.
            List<String> expected = reference(List.of(
                    RowText.parse("+I[a, 1, " + T0 + "21.000]", TestPlans.ORDERS),
                    RowText.parse("+I[a, 2, " + T0 + "23.000]", TestPlans.ORDERS),
                    RowText.parse("+I[a, 4, " + T0 + "27.000]", TestPlans.ORDERS)), WindowKind.HOP, 4_000, 10_000);
            assertThat(h.outputText()).containsExactlyInAnyOrderElementsOf(expected);
            // Ends at +4 s, +8 s, +12 s and +16 s hold rows.
            assertThat(h.output()).hasSize(4);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void cumulateEmitsGrowingWindowsFromTheSameStart(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(cumulate(5_000, 15_000), TestPlans.ORDERS, backend, tmp)) {
            // 22:13:15 is a multiple of 15 s since the epoch: windows [15, 20), [15, 25), [15, 30).
            h.process("+I[alice, 3, " + T0 + "16.000]", "+I[alice, 5, " + T0 + "22.000]");
            h.watermark(T0 + "19.999");
            assertThat(h.outputText()).containsExactly("+I[alice, " + w("15", "20") + ", 1, 3, 3, 1]");
            h.process("+I[alice, 9, " + T0 + "29.000]", "+I[bob, 1, " + T0 + "31.000]");
            h.watermark(T0 + "29.999");
            assertThat(h.outputText()).containsExactly(
                    "+I[alice, " + w("15", "20") + ", 1, 3, 3, 1]",
                    "+I[alice, " + w("15", "25") + ", 2, 8, 5, 2]",
                    "+I[alice, " + w("15", "30") + ", 3, 17, 9, 3]");
            h.clearOutput().endInput();
            assertThat(h.outputText()).containsExactly(
                    "+I[bob, " + w("30", "35") + ", 1, 1, 1, 1]",
                    "+I[bob, " + w("30", "40") + ", 1, 1, 1, 1]",
                    "+I[bob, " + w("30", "45") + ", 1, 1, 1, 1]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rowIsLateOnlyWhenAllItsWindowsFired(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(cumulate(5_000, 15_000), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 1, " + T0 + "16.000]");
            h.watermark(T0 + "24.999");
            h.clearOutput();
            // Its first windows [15, 20) and [15, 25) have fired, [15, 30) has not: counted there.
            h.process("+I[alice, 10, " + T0 + "17.000]");
            h.watermark(T0 + "29.999");
            assertThat(h.outputText()).containsExactly("+I[alice, " + w("15", "30") + ", 2, 11, 10, 2]");
            // Every window of the slice has fired now: late.
            h.process("+I[alice, 100, " + T0 + "18.000]");
            h.endInput();
            assertThat(h.output()).hasSize(1);
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void windowTimeColumnAndFilterClause(TestBackends.Choice backend) throws Exception {
        RowType input = RowType.builder()
                .add("user", DataType.string())
                .add("amount", DataType.bigint())
                .add("ts", DataType.timestamp(3))
                .add("big", DataType.of(dev.weir.core.type.TypeRoot.BOOLEAN))
                .build();
        RowType out = RowType.builder()
                .add("window_start", DataType.timestamp(3))
                .add("window_end", DataType.timestamp(3))
                .add("window_time", DataType.timestamp(3))
                .add("all_rows", DataType.bigint().notNull())
                .add("big_total", DataType.bigint())
                .build();
        WindowAggregateSpec spec = new WindowAggregateSpec("hop-f", out, new int[0], 2, 10_000, 0, List.of(
                new AggregateCall(AggregateFunctionKind.COUNT, -1, false, DataType.bigint().notNull(), "all_rows"),
                new AggregateCall(AggregateFunctionKind.SUM, 1, false, DataType.bigint(), "big_total", 3)),
                WindowKind.HOP, 10_000, true);
        try (OperatorHarness h = OperatorHarness.of(spec, input, backend, tmp)) {
            h.process("+I[a, 1, " + T0 + "21.000, false]", "+I[b, 50, " + T0 + "22.000, true]",
                    "+I[c, 70, " + T0 + "23.000, null]");
            h.endInput();
            assertThat(h.outputText()).containsExactly("+I[" + w("20", "30") + ", " + T0 + "29.999, 3, 50]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void snapshotAndRestoreMidStreamEqualsUninterruptedRunAndTheReference(TestBackends.Choice backend)
            throws Exception {
        for (WindowAggregateSpec spec : List.of(hop(3_000, 9_000), cumulate(2_000, 10_000))) {
            List<Row> input = TestPlans.orders(3000, 11);
            List<String> uninterrupted;
            try (OperatorHarness h = OperatorHarness.of(spec, TestPlans.ORDERS, backend, tmp)) {
                feed(h, input, 0, input.size());
                h.endInput();
                uninterrupted = h.outputText();
                assertThat(h.metrics().lateRowsDropped()).isPositive();
            }
            assertThat(uninterrupted).containsExactlyInAnyOrderElementsOf(
                    reference(input, spec.kind(), spec.slideMillis(), spec.sizeMillis()));

            List<String> resumed = new ArrayList<>();
            Path snapshot;
            try (OperatorHarness first = OperatorHarness.of(spec, TestPlans.ORDERS, backend, tmp)) {
                feed(first, input, 0, 1700);
                snapshot = first.snapshot();
                resumed.addAll(first.outputText());
                feed(first, input, 1700, 2200); // lost in the "crash", replayed below
            }
            try (OperatorHarness second = OperatorHarness.restore(spec, TestPlans.ORDERS, backend, tmp, snapshot)) {
                feed(second, input, 1700, input.size());
                second.endInput();
                resumed.addAll(second.outputText());
            }
            assertThat(resumed).containsExactlyInAnyOrderElementsOf(uninterrupted);
        }
    }

    @Test
    void cumulateSizeMustBeAMultipleOfTheStep() {
        assertThatThrownBy(() -> cumulate(4_000, 10_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of its step");
    }

    @Test
    void windowTimeSpecDescribesItsProperties() {
        WindowAggregateSpec spec = new WindowAggregateSpec("x", OUT_WITH_TIME, new int[] {0}, 2, 10_000, 0, calls(),
                WindowKind.HOP, 5_000, true);
        assertThat(spec.describe()).contains("HOP(time_col=[$2], slide=[5000 ms], size=[10000 ms])")
                .endsWith("properties=[window_start, window_end, window_time])");
        assertThat(spec.sliceMillis()).isEqualTo(5_000);
    }

    /** Feeds rows with the watermark of {@link TestPlans#DELAY_MILLIS} after each one. */
    private static void feed(OperatorHarness h, List<Row> input, int from, int to) throws Exception {
        long watermark = Long.MIN_VALUE;
        for (int i = 0; i < to; i++) {
            Row r = input.get(i);
            if (i >= from) {
                h.process(r);
            }
            long wm = (Long) r.field(2) - TestPlans.DELAY_MILLIS;
            if (wm > watermark) {
                watermark = wm;
                if (i >= from) {
                    h.watermark(wm);
                }
            }
        }
    }

    /**
     * A naive model: each row joins every window it belongs to that has not fired; a window fires
     * once; no slices. Amounts of COUNT/SUM/MAX/COUNT DISTINCT, per (user, window).
     */
    static List<String> reference(List<Row> input, WindowKind kind, long slide, long size) {
        Map<String, List<Long>> windows = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        long watermark = Long.MIN_VALUE;
        for (Row r : input) {
            long ts = (Long) r.field(2);
            for (long[] window : windowsOf(ts, kind, slide, size)) {
                if (window[1] - 1 > watermark) {
                    String key = r.field(0) + "|" + window[0] + "|" + window[1];
                    counts.merge(key, 1, Integer::sum);
                    List<Long> amounts = windows.computeIfAbsent(key, k -> new ArrayList<>());
                    if (r.field(1) != null) {
                        amounts.add((Long) r.field(1));
                    }
                }
            }
            watermark = Math.max(watermark, ts - TestPlans.DELAY_MILLIS);
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            String[] parts = e.getKey().split("\\|");
            List<Long> amounts = windows.get(e.getKey());
            Long sum = null;
            Long max = null;
            Set<Long> distinct = new HashSet<>(amounts);
            for (Long a : amounts) {
                sum = sum == null ? a : sum + a;
                max = max == null ? a : Math.max(max, a);
            }
            out.add(RowText.format(Row.of(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                    (long) e.getValue(), sum, max, (long) distinct.size()), OUT));
        }
        return out;
    }

    private static List<long[]> windowsOf(long ts, WindowKind kind, long slide, long size) {
        List<long[]> result = new ArrayList<>();
        if (kind == WindowKind.HOP) {
            long lastStart = ts - Math.floorMod(ts, slide);
            for (long start = lastStart; start > ts - size; start -= slide) {
                result.add(new long[] {start, start + size});
            }
        } else {
            long start = ts - Math.floorMod(ts, size);
            for (long end = start + slide; end <= start + size; end += slide) {
                if (ts < end) {
                    result.add(new long[] {start, end});
                }
            }
        }
        return result;
    }
}

package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.executor.plan.WindowKind;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.RowText;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.WindowReference;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Allowed lateness ({@code table.exec.emit.allow-lateness}) in the TUMBLE, HOP and CUMULATE
 * window operators, on both state backends: late rows within the lateness update fired windows
 * with -U/+U, later ones are dropped, state is cleaned up at end + lateness, and all of it
 * survives a snapshot and restore.
 */
class WindowAllowedLatenessTest {
    private static final String T0 = "2023-11-14 22:13:";
    private static final String W1 = T0 + "20.000, " + T0 + "30.000";
    private static final RowType OUT = RowType.builder()
            .add("user", DataType.string())
            .add("window_start", DataType.timestamp(3))
            .add("window_end", DataType.timestamp(3))
            .add("cnt", DataType.bigint().notNull())
            .add("total", DataType.bigint())
            .add("hi", DataType.bigint())
            .build();
    private static final RowType OUT_MAX = RowType.builder()
            .add("user", DataType.string())
            .add("window_start", DataType.timestamp(3))
            .add("window_end", DataType.timestamp(3))
            .add("hi", DataType.bigint())
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
                new AggregateCall(AggregateFunctionKind.MAX, 1, false, bigint, "hi"));
    }

    static WindowAggregateSpec spec(WindowKind kind, long slide, long size, long lateness) {
        return new WindowAggregateSpec("window-agg-late", OUT, new int[] {0}, 2, size, 0, calls(), kind, slide,
                false, lateness);
    }

    private static String row(String user, long amount, String second) {
        return "+I[" + user + ", " + amount + ", " + T0 + second + "]";
    }

    private static String w(String start, String end) {
        return T0 + start + ".000, " + T0 + end + ".000";
    }

    private static int pendingWindows(StreamOperator op) {
        return op instanceof WindowAggregateOperator t ? t.pendingWindows()
                : ((SlicingWindowAggregateOperator) op).pendingWindows();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void tumbleLateRowWithinLatenessRetractsAndUpdates(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(WindowKind.TUMBLE, 10_000, 10_000, 5_000),
                TestPlans.ORDERS, backend, tmp)) {
            h.process(row("alice", 1, "21.000"));
            h.watermark(T0 + "30.000");
            assertThat(h.outputText()).containsExactly("+I[alice, " + W1 + ", 1, 1, 1]");
            h.clearOutput().process(row("alice", 4, "25.000"), row("bob", 7, "22.000"));
            assertThat(h.outputText()).containsExactly(
                    "-U[alice, " + W1 + ", 1, 1, 1]",
                    "+U[alice, " + W1 + ", 2, 5, 4]",
                    "+I[bob, " + W1 + ", 1, 7, 7]");
            assertThat(h.metrics().lateRowsDropped()).isZero();
            // Kept until the watermark reaches end - 1 + lateness = 34.999.
            h.clearOutput().watermark(T0 + "34.998").process(row("alice", 2, "29.000"));
            assertThat(h.outputText()).containsExactly(
                    "-U[alice, " + W1 + ", 2, 5, 4]",
                    "+U[alice, " + W1 + ", 3, 7, 4]");
            assertThat(pendingWindows(h.operator())).isEqualTo(2);
            h.clearOutput().watermark(T0 + "34.999");
            assertThat(pendingWindows(h.operator())).isZero();
            h.process(row("alice", 9, "21.000"), row("carol", 9, "29.999"));
            assertThat(h.output()).isEmpty();
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anUnchangedResultEmitsNothing(TestBackends.Choice backend) throws Exception {
        WindowAggregateSpec max = new WindowAggregateSpec("window-agg-max", OUT_MAX, new int[] {0}, 2, 10_000, 0,
                List.of(new AggregateCall(AggregateFunctionKind.MAX, 1, false, DataType.bigint(), "hi")),
                WindowKind.TUMBLE, 10_000, false, 60_000);
        try (OperatorHarness h = OperatorHarness.of(max, TestPlans.ORDERS, backend, tmp)) {
            h.process(row("alice", 5, "21.000"));
            h.watermark(T0 + "31.000");
            h.clearOutput().process(row("alice", 3, "22.000"), row("alice", 5, "23.000"));
            assertThat(h.output()).isEmpty();
            h.process(row("alice", 6, "24.000"));
            assertThat(h.outputText()).containsExactly("-U[alice, " + W1 + ", 5]", "+U[alice, " + W1 + ", 6]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aWatermarkJumpingPastTheLatenessKeepsNoState(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(WindowKind.TUMBLE, 10_000, 10_000, 5_000),
                TestPlans.ORDERS, backend, tmp)) {
            h.process(row("alice", 1, "21.000"));
            h.snapshot(); // the window is in keyed state: it fires through its timer
            h.process(row("bob", 2, "22.000"));
            h.watermark(T0 + "40.000");
            assertThat(h.outputText()).containsExactlyInAnyOrder("+I[alice, " + W1 + ", 1, 1, 1]",
                    "+I[bob, " + W1 + ", 1, 2, 2]");
            assertThat(pendingWindows(h.operator())).isZero();
            h.clearOutput().process(row("alice", 1, "21.000"));
            assertThat(h.output()).isEmpty();
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void restoredTumbleKeepsFiredWindowsUntilEndPlusLateness(TestBackends.Choice backend) throws Exception {
        WindowAggregateSpec spec = spec(WindowKind.TUMBLE, 10_000, 10_000, 5_000);
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(spec, TestPlans.ORDERS, backend, tmp)) {
            h.process(row("alice", 1, "21.000"), row("alice", 2, "31.000"));
            h.watermark(T0 + "30.000");
            assertThat(h.outputText()).containsExactly("+I[alice, " + W1 + ", 1, 1, 1]");
            snapshot = h.snapshot();
        }
        try (OperatorHarness r = OperatorHarness.restore(spec, TestPlans.ORDERS, backend, tmp, snapshot)) {
            r.process(row("alice", 3, "28.000"));
            assertThat(r.outputText()).containsExactly("-U[alice, " + W1 + ", 1, 1, 1]",
                    "+U[alice, " + W1 + ", 2, 4, 3]");
            r.clearOutput().watermark(T0 + "39.999");
            // [30, 40) fired; [20, 30) was cleaned up at 34.999.
            assertThat(r.outputText()).containsExactly("+I[alice, " + w("30", "40") + ", 1, 2, 2]");
            r.clearOutput().process(row("alice", 3, "28.000"), row("alice", 5, "33.000"));
            assertThat(r.outputText()).containsExactly("-U[alice, " + w("30", "40") + ", 1, 2, 2]",
                    "+U[alice, " + w("30", "40") + ", 2, 7, 5]");
            assertThat(r.metrics().lateRowsDropped()).isEqualTo(1);
            r.clearOutput().endInput();
            assertThat(r.output()).isEmpty();
            assertThat(pendingWindows(r.operator())).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void hopLateRowUpdatesEveryFiredWindowWithinLatenessAndAccumulatesTheOthers(TestBackends.Choice backend)
            throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(WindowKind.HOP, 5_000, 10_000, 10_000), TestPlans.ORDERS,
                backend, tmp)) {
            h.process(row("alice", 1, "21.000"));
            h.watermark(T0 + "24.999");
            assertThat(h.outputText()).containsExactly("+I[alice, " + w("15", "25") + ", 1, 1, 1]");
            // [15, 25) has fired and is updated; [20, 30) has not and just accumulates.
            h.clearOutput().process(row("alice", 2, "22.000"));
            assertThat(h.outputText()).containsExactly("-U[alice, " + w("15", "25") + ", 1, 1, 1]",
                    "+U[alice, " + w("15", "25") + ", 2, 3, 2]");
            h.clearOutput().watermark(T0 + "29.999");
            assertThat(h.outputText()).containsExactly("+I[alice, " + w("20", "30") + ", 2, 3, 2]");
            // 16 s belongs to [10, 20) (lateness passed at 29.999: not updated) and [15, 25) (until 34.999).
            h.clearOutput().process(row("alice", 4, "16.000"), row("bob", 5, "19.000"));
            assertThat(h.outputText()).containsExactly("-U[alice, " + w("15", "25") + ", 2, 3, 2]",
                    "+U[alice, " + w("15", "25") + ", 3, 7, 4]",
                    "+I[bob, " + w("15", "25") + ", 1, 5, 5]");
            h.clearOutput().watermark(T0 + "34.999").process(row("alice", 8, "23.000"));
            assertThat(h.outputText()).containsExactly("-U[alice, " + w("20", "30") + ", 2, 3, 2]",
                    "+U[alice, " + w("20", "30") + ", 3, 11, 8]");
            h.clearOutput().watermark(T0 + "39.999");
            assertThat(pendingWindows(h.operator())).isZero();
            // [20, 30), the last window of 24 s, is past its lateness; (29 s would still update [25, 35).)
            h.process(row("alice", 8, "24.000"));
            assertThat(h.output()).isEmpty();
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void cumulateLateRowUpdatesTheFiredPrefixes(TestBackends.Choice backend) throws Exception {
        // Windows [15, 20), [15, 25), [15, 30) (step 5 s, size 15 s; 22:13:15 is a multiple of 15 s).
        try (OperatorHarness h = OperatorHarness.of(spec(WindowKind.CUMULATE, 5_000, 15_000, 5_000),
                TestPlans.ORDERS, backend, tmp)) {
            h.process(row("alice", 1, "16.000"));
            h.watermark(T0 + "24.999");
            assertThat(h.outputText()).containsExactly("+I[alice, " + w("15", "20") + ", 1, 1, 1]",
                    "+I[alice, " + w("15", "25") + ", 1, 1, 1]");
            // [15, 20) is past its lateness (24.999), [15, 25) within it, [15, 30) still open.
            h.clearOutput().process(row("alice", 2, "17.000"));
            assertThat(h.outputText()).containsExactly("-U[alice, " + w("15", "25") + ", 1, 1, 1]",
                    "+U[alice, " + w("15", "25") + ", 2, 3, 2]");
            h.clearOutput().endInput();
            assertThat(h.outputText()).containsExactly("+I[alice, " + w("15", "30") + ", 2, 3, 2]");
            assertThat(pendingWindows(h.operator())).isZero();
        }
    }

    static SessionWindowAggregateSpec session(long gap, long lateness) {
        return new SessionWindowAggregateSpec("session-late", OUT, new int[] {0}, 2, gap, calls(), false, lateness);
    }

    private static String s(String start, String end) {
        return T0 + start + ", " + T0 + end;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sessionLateRowsRetractMergedSessionsAndUpdateInPlace(TestBackends.Choice backend) throws Exception {
        SessionWindowAggregateSpec spec = session(5_000, 10_000);
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(spec, TestPlans.ORDERS, backend, tmp)) {
            h.process(row("alice", 1, "21.000"));
            h.watermark(T0 + "25.999");
            assertThat(h.outputText()).containsExactly("+I[alice, " + s("21.000", "26.000") + ", 1, 1, 1]");
            // [22, 27) extends the fired session past the watermark: the old row is retracted, the new one waits.
            h.clearOutput().process(row("alice", 2, "22.000"));
            assertThat(h.outputText()).containsExactly("-D[alice, " + s("21.000", "26.000") + ", 1, 1, 1]");
            h.clearOutput().watermark(T0 + "26.999");
            assertThat(h.outputText()).containsExactly("+I[alice, " + s("21.000", "27.000") + ", 2, 3, 2]");
            snapshot = h.snapshot();
        }
        try (OperatorHarness r = OperatorHarness.restore(spec, TestPlans.ORDERS, backend, tmp, snapshot)) {
            // Inside the fired session: updated in place.
            r.process(row("alice", 4, "21.500"));
            assertThat(r.outputText()).containsExactly("-U[alice, " + s("21.000", "27.000") + ", 2, 3, 2]",
                    "+U[alice, " + s("21.000", "27.000") + ", 3, 7, 4]");
            // Rows of sessions that ended within the lateness: emitted at once; then one bridging both.
            r.clearOutput().watermark(T0 + "28.500").process(row("bob", 1, "17.000"), row("bob", 2, "23.000"));
            assertThat(r.outputText()).containsExactly("+I[bob, " + s("17.000", "22.000") + ", 1, 1, 1]",
                    "+I[bob, " + s("23.000", "28.000") + ", 1, 2, 2]");
            r.clearOutput().process(row("bob", 3, "20.000"));
            assertThat(r.outputText()).containsExactly("-D[bob, " + s("17.000", "22.000") + ", 1, 1, 1]",
                    "-D[bob, " + s("23.000", "28.000") + ", 1, 2, 2]",
                    "+I[bob, " + s("17.000", "28.000") + ", 3, 6, 3]");
            // A row whose session ended more than the lateness ago is dropped.
            r.clearOutput().process(row("alice", 0, "21.000"));
            assertThat(r.outputText()).containsExactly("-U[alice, " + s("21.000", "27.000") + ", 3, 7, 4]",
                    "+U[alice, " + s("21.000", "27.000") + ", 4, 7, 4]");
            r.clearOutput().process(row("carol", 5, "12.000"));
            assertThat(r.output()).isEmpty();
            assertThat(r.metrics().lateRowsDropped()).isEqualTo(1);
            r.watermark(T0 + "37.998");
            assertThat(((SessionWindowAggregateOperator) r.operator()).openSessions()).isEqualTo(1);
            r.watermark(T0 + "37.999");
            assertThat(((SessionWindowAggregateOperator) r.operator()).openSessions()).isZero();
            r.process(row("alice", 9, "22.000"));
            assertThat(r.output()).isEmpty();
            assertThat(r.metrics().lateRowsDropped()).isEqualTo(2);
        }
    }

    static Stream<Arguments> randomCases() {
        List<Arguments> cases = new ArrayList<>();
        for (TestBackends.Choice backend : TestBackends.choices()) {
            cases.add(Arguments.of(backend, WindowKind.TUMBLE, 10_000L, 10_000L, 7_000L, 11L));
            cases.add(Arguments.of(backend, WindowKind.HOP, 4_000L, 10_000L, 6_000L, 12L));
            cases.add(Arguments.of(backend, WindowKind.CUMULATE, 5_000L, 15_000L, 8_000L, 13L));
        }
        return cases.stream();
    }

    /**
     * Random out-of-order rows and watermarks, with a snapshot and restore halfway: the changelog
     * is well-formed (each -U retracts exactly the current row, no -U/+U pair is equal) and, once
     * applied, every window holds the aggregate of the rows that arrived while it was open or
     * within its lateness.
     */
    @ParameterizedTest
    @MethodSource("randomCases")
    void randomRowsMatchTheReference(TestBackends.Choice backend, WindowKind kind, long slide, long size,
            long lateness, long seed) throws Exception {
        WindowAggregateSpec spec = spec(kind, slide, size, lateness);
        Random random = new Random(seed);
        long base = RowText.timestamp(T0 + "20.000");
        long watermark = Long.MIN_VALUE;
        long maxTs = base;
        Map<String, long[]> expected = new TreeMap<>(); // user|start|end -> cnt, total, hi
        Map<String, String> materialized = new TreeMap<>();
        OperatorHarness h = OperatorHarness.of(spec, TestPlans.ORDERS, backend, tmp);
        try {
            int n = 600;
            for (int i = 0; i < n; i++) {
                if (i == n / 2) {
                    WindowReference.applyChangelog(h.outputText(), materialized);
                    Path dir = h.snapshot();
                    OperatorHarness restored = h.restore(dir);
                    h.close();
                    h = restored;
                }
                long ts = maxTs + random.nextInt(1_000) - (random.nextInt(5) == 0 ? random.nextInt(25_000) : 0);
                maxTs = Math.max(maxTs, ts);
                String user = "u" + random.nextInt(3);
                long amount = 1 + random.nextInt(9);
                h.process(Row.wrap(RowKind.INSERT, new Object[] {user, amount, ts}));
                for (long[] window : WindowReference.windows(kind, slide, size, ts)) {
                    long fireTime = window[1] - 1;
                    if (fireTime + lateness > watermark) {
                        long[] acc = expected.computeIfAbsent(user + "|" + window[0] + "|" + window[1],
                                k -> new long[3]);
                        acc[0]++;
                        acc[1] += amount;
                        acc[2] = Math.max(acc[2], amount);
                    }
                }
                if (random.nextInt(4) == 0) {
                    long wm = maxTs - random.nextInt(3_000);
                    h.watermark(wm);
                    watermark = Math.max(watermark, wm);
                }
            }
            h.endInput();
            WindowReference.applyChangelog(h.outputText(), materialized);
            assertThat(pendingWindows(h.operator())).isZero();
            assertThat(h.metrics().lateRowsDropped()).isPositive();
        } finally {
            h.close();
        }
        Map<String, String> want = new TreeMap<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            String[] k = e.getKey().split("\\|");
            long[] acc = e.getValue();
            want.put(k[0] + ", " + RowText.formatTimestamp(Long.parseLong(k[1])) + ", "
                    + RowText.formatTimestamp(Long.parseLong(k[2])), acc[0] + ", " + acc[1] + ", " + acc[2]);
        }
        assertThat(materialized).isEqualTo(want);
    }
}

package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.executor.plan.WindowKind;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.RowText;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.WindowReference;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
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
 * TUMBLE, HOP, CUMULATE and SESSION windows over a TIMESTAMP_LTZ rowtime in a session zone, on
 * both state backends: windows on local time (window_start/window_end local TIMESTAMPs),
 * firing and lateness on instants, window_time the instant the window fires. Timestamps in rows
 * and watermarks are written as UTC text; window_start/window_end come out as local text.
 */
class LtzWindowOperatorTest {
    private static final long HOUR = 3_600_000L;
    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    private static final ZoneId IST = ZoneId.of("GMT+05:30");
    private static final RowType INPUT = RowType.builder()
            .add("user", DataType.string())
            .add("amount", DataType.bigint())
            .add("ts", DataType.of(TypeRoot.TIMESTAMP_LTZ, 3))
            .build();
    private static final RowType OUT = RowType.builder()
            .add("user", DataType.string())
            .add("window_start", DataType.timestamp(3))
            .add("window_end", DataType.timestamp(3))
            .add("window_time", DataType.of(TypeRoot.TIMESTAMP_LTZ, 3).notNull())
            .add("cnt", DataType.bigint().notNull())
            .add("total", DataType.bigint())
            .build();
    private static final RowType OUT_NO_TIME = RowType.builder()
            .add("user", DataType.string())
            .add("window_start", DataType.timestamp(3))
            .add("window_end", DataType.timestamp(3))
            .add("cnt", DataType.bigint().notNull())
            .add("total", DataType.bigint())
            .build();

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private static List<AggregateCall> calls() {
        return List.of(new AggregateCall(AggregateFunctionKind.COUNT, -1, false, DataType.bigint().notNull(), "cnt"),
                new AggregateCall(AggregateFunctionKind.SUM, 1, false, DataType.bigint(), "total"));
    }

    private static WindowAggregateSpec window(WindowKind kind, long slide, long size, long lateness, ZoneId zone) {
        return new WindowAggregateSpec("ltz-window", OUT, new int[] {0}, 2, size, 0, calls(), kind, slide, true,
                lateness, zone);
    }

    private static SessionWindowAggregateSpec session(long gap, ZoneId zone) {
        return new SessionWindowAggregateSpec("ltz-session", OUT, new int[] {0}, 2, gap, calls(), true, 0, zone);
    }

    /** A row at a UTC instant {@code 2024-03-10 09:20:00.000}. */
    private static String row(String user, long amount, String utc) {
        return "+I[" + user + ", " + amount + ", " + utc + "]";
    }

    @ParameterizedTest
    @MethodSource("backends")
    void tumbleInAHalfHourZoneAlignsToLocalHours(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(window(WindowKind.TUMBLE, HOUR, HOUR, 0, IST), INPUT, backend,
                tmp)) {
            // 03:35Z and 04:10Z are 09:05 and 09:40 local, 04:40Z is 10:10 local.
            h.process(row("a", 1, "2024-03-10 03:35:00.000"), row("a", 2, "2024-03-10 04:10:00.000"),
                    row("a", 4, "2024-03-10 04:40:00.000"));
            h.watermark("2024-03-10 04:29:59.998");
            assertThat(h.output()).isEmpty();
            h.watermark("2024-03-10 04:29:59.999");
            assertThat(h.outputText()).containsExactly(
                    "+I[a, 2024-03-10 09:00:00.000, 2024-03-10 10:00:00.000, 2024-03-10 04:29:59.999, 2, 3]");
            h.process(row("a", 8, "2024-03-10 04:20:00.000")); // 09:50 local: its window has fired
            h.endInput();
            assertThat(h.outputText()).containsExactly(
                    "+I[a, 2024-03-10 09:00:00.000, 2024-03-10 10:00:00.000, 2024-03-10 04:29:59.999, 2, 3]",
                    "+I[a, 2024-03-10 10:00:00.000, 2024-03-10 11:00:00.000, 2024-03-10 05:29:59.999, 1, 4]");
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aDayWindowOnTheDaylightSavingStartDayIs23Hours(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(window(WindowKind.TUMBLE, 24 * HOUR, 24 * HOUR, 0, LA), INPUT,
                backend, tmp)) {
            h.process(row("a", 1, "2024-03-10 07:59:59.999"), // 2024-03-09 23:59:59.999 PST
                    row("a", 2, "2024-03-10 08:00:00.000"), // 2024-03-10 00:00 PST
                    row("a", 4, "2024-03-11 06:59:59.999"), // 2024-03-10 23:59:59.999 PDT
                    row("a", 8, "2024-03-11 07:00:00.000")); // 2024-03-11 00:00 PDT
            h.watermark("2024-03-11 06:59:59.998");
            assertThat(h.outputText()).containsExactly(
                    "+I[a, 2024-03-09 00:00:00.000, 2024-03-10 00:00:00.000, 2024-03-10 07:59:59.999, 1, 1]");
            h.watermark("2024-03-11 06:59:59.999");
            assertThat(h.outputText()).hasSize(2).last().isEqualTo(
                    "+I[a, 2024-03-10 00:00:00.000, 2024-03-11 00:00:00.000, 2024-03-11 06:59:59.999, 2, 6]");
            h.endInput();
            assertThat(h.outputText()).last().isEqualTo(
                    "+I[a, 2024-03-11 00:00:00.000, 2024-03-12 00:00:00.000, 2024-03-12 06:59:59.999, 1, 8]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theRepeatedHourIsOneWindowThatFiresAfterItsSecondOccurrence(TestBackends.Choice backend)
            throws Exception {
        try (OperatorHarness h = OperatorHarness.of(window(WindowKind.TUMBLE, HOUR, HOUR, 0, LA), INPUT, backend,
                tmp)) {
            // 08:10Z and 08:50Z are 01:10 and 01:50 PDT; 09:10Z and 09:50Z are 01:10 and 01:50 PST. The
            // window_time is the earlier 01:59:59.999 (PDT), as Flink's.
            h.process(row("a", 1, "2024-11-03 08:10:00.000"), row("a", 2, "2024-11-03 08:50:00.000"));
            h.watermark("2024-11-03 09:05:00.000");
            h.process(row("a", 4, "2024-11-03 09:10:00.000"), row("a", 8, "2024-11-03 09:50:00.000"));
            h.watermark("2024-11-03 09:59:59.998");
            assertThat(h.output()).isEmpty();
            h.watermark("2024-11-03 09:59:59.999");
            assertThat(h.outputText()).containsExactly(
                    "+I[a, 2024-11-03 01:00:00.000, 2024-11-03 02:00:00.000, 2024-11-03 08:59:59.999, 4, 15]");
            assertThat(h.metrics().lateRowsDropped()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void cumulateStepsAreLocalAndALateRowMissesOnlyTheFiredOnes(TestBackends.Choice backend) throws Exception {
        WindowAggregateSpec spec = new WindowAggregateSpec("ltz-cumulate", OUT_NO_TIME, new int[] {0}, 2, 24 * HOUR,
                0, calls(), WindowKind.CUMULATE, 6 * HOUR, false, 0, LA);
        try (OperatorHarness h = OperatorHarness.of(spec, INPUT, backend, tmp)) {
            h.process(row("a", 1, "2024-03-10 08:15:00.000"), row("a", 2, "2024-03-10 10:10:00.000"));
            // [00:00, 06:00) local on 2024-03-10 is 08:00Z-12:59:59.999Z (5 hours: 02:00-03:00 is skipped).
            h.watermark("2024-03-10 12:59:59.998");
            assertThat(h.output()).isEmpty();
            h.watermark("2024-03-10 12:59:59.999");
            assertThat(h.outputText()).containsExactly("+I[a, 2024-03-10 00:00:00.000, 2024-03-10 06:00:00.000, 2, 3]");
            Path snapshot = h.snapshot();
            try (OperatorHarness r = h.restore(snapshot)) {
                r.process(row("a", 4, "2024-03-10 09:30:00.000")); // 01:30 PST: late for [00:00, 06:00) only
                r.endInput();
                assertThat(r.outputText()).containsExactly(
                        "+I[a, 2024-03-10 00:00:00.000, 2024-03-10 12:00:00.000, 3, 7]",
                        "+I[a, 2024-03-10 00:00:00.000, 2024-03-10 18:00:00.000, 3, 7]",
                        "+I[a, 2024-03-10 00:00:00.000, 2024-03-11 00:00:00.000, 3, 7]");
                assertThat(r.metrics().lateRowsDropped()).isZero();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sessionsAreBuiltOnLocalTime(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(session(30 * 60_000L, LA), INPUT, backend, tmp)) {
            // 01:20 and 01:50 PST, then 03:10 PDT: 20 minutes later, but 80 local minutes.
            h.process(row("a", 1, "2024-03-10 09:20:00.000"), row("a", 2, "2024-03-10 09:50:00.000"),
                    row("a", 4, "2024-03-10 10:10:00.000"));
            // The first session ends at 02:20 local, which does not exist: it fires at the transition, 10:00Z;
            // its window_time is 02:19:59.999 moved forward by the skipped hour, as in Flink.
            h.watermark("2024-03-10 09:59:59.999");
            assertThat(h.output()).isEmpty();
            h.watermark("2024-03-10 10:00:00.000");
            assertThat(h.outputText()).containsExactly(
                    "+I[a, 2024-03-10 01:20:00.000, 2024-03-10 02:20:00.000, 2024-03-10 10:19:59.999, 2, 3]");
            h.endInput();
            assertThat(h.outputText()).last().isEqualTo(
                    "+I[a, 2024-03-10 03:10:00.000, 2024-03-10 03:40:00.000, 2024-03-10 10:39:59.999, 1, 4]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void lateRowsWithinTheAllowedLatenessUpdateTheLocalWindow(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(window(WindowKind.TUMBLE, HOUR, HOUR, 30 * 60_000L, IST), INPUT,
                backend, tmp)) {
            h.process(row("a", 1, "2024-03-10 03:35:00.000"));
            h.watermark("2024-03-10 04:40:00.000");
            h.process(row("a", 2, "2024-03-10 04:20:00.000")); // 09:50 local, 10 minutes after the window fired
            h.watermark("2024-03-10 05:00:00.000"); // the lateness of [09:00, 10:00) local has passed
            h.process(row("a", 4, "2024-03-10 04:25:00.000"));
            String w = "2024-03-10 09:00:00.000, 2024-03-10 10:00:00.000, 2024-03-10 04:29:59.999";
            assertThat(h.outputText()).containsExactly("+I[a, " + w + ", 1, 1]", "-U[a, " + w + ", 1, 1]",
                    "+U[a, " + w + ", 2, 3]");
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aLateRowWithinTheLatenessExtendsAFiredLocalSession(TestBackends.Choice backend) throws Exception {
        SessionWindowAggregateSpec spec = new SessionWindowAggregateSpec("ltz-session-late", OUT, new int[] {0}, 2,
                10 * 60_000L, calls(), true, 30 * 60_000L, IST);
        try (OperatorHarness h = OperatorHarness.of(spec, INPUT, backend, tmp)) {
            h.process(row("a", 1, "2024-03-10 03:35:00.000")); // 09:05 local: [09:05, 09:15)
            h.watermark("2024-03-10 03:44:59.999"); // 09:14:59.999 local: the session fires
            h.process(row("a", 2, "2024-03-10 03:40:00.000")); // 09:10 local, late: extends it to 09:20
            h.watermark("2024-03-10 04:30:00.000"); // past 09:20 local + 30 min: its state is gone
            h.process(row("a", 4, "2024-03-10 03:41:00.000"));
            String first = "2024-03-10 09:05:00.000, 2024-03-10 09:15:00.000, 2024-03-10 03:44:59.999";
            String merged = "2024-03-10 09:05:00.000, 2024-03-10 09:20:00.000, 2024-03-10 03:49:59.999";
            assertThat(h.outputText()).containsExactly("+I[a, " + first + ", 1, 1]", "-D[a, " + first + ", 1, 1]",
                    "+I[a, " + merged + ", 2, 3]");
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
            assertThat(((SessionWindowAggregateOperator) h.operator()).openSessions()).isZero();
        }
    }

    static Stream<Arguments> randomCases() {
        List<Arguments> cases = new ArrayList<>();
        for (TestBackends.Choice backend : TestBackends.choices()) {
            cases.add(Arguments.of(backend, WindowKind.TUMBLE, HOUR, HOUR, 0L, 21L));
            cases.add(Arguments.of(backend, WindowKind.HOP, HOUR, 3 * HOUR, 0L, 22L));
            cases.add(Arguments.of(backend, WindowKind.CUMULATE, 2 * HOUR, 6 * HOUR, 0L, 23L));
            cases.add(Arguments.of(backend, WindowKind.TUMBLE, 30 * 60_000L, 30 * 60_000L, 40 * 60_000L, 24L));
            cases.add(Arguments.of(backend, WindowKind.HOP, 30 * 60_000L, 2 * HOUR, 90 * 60_000L, 25L));
        }
        return cases.stream();
    }

    /**
     * Random out-of-order rows across both daylight saving transitions of 2024 in Los Angeles,
     * with a snapshot and restore halfway: once applied, every window holds the rows that arrived
     * while it was open or within its lateness, by a model written with java.time alone.
     */
    @ParameterizedTest
    @MethodSource("randomCases")
    void randomRowsAcrossDaylightSavingMatchTheModel(TestBackends.Choice backend, WindowKind kind, long slide,
            long size, long lateness, long seed) throws Exception {
        WindowAggregateSpec spec = new WindowAggregateSpec("ltz-random", OUT_NO_TIME, new int[] {0}, 2, size, 0,
                calls(), kind, slide, false, lateness, LA);
        Random random = new Random(seed);
        Map<String, long[]> expected = new TreeMap<>(); // user|start|end -> cnt, total
        Map<String, String> materialized = new TreeMap<>();
        OperatorHarness h = OperatorHarness.of(spec, INPUT, backend, tmp);
        long watermark = Long.MIN_VALUE;
        long dropped = 0;
        long droppedBefore = 0; // by the instances before a restore
        try {
            for (String day : List.of("2024-03-10T04:00:00Z", "2024-11-03T04:00:00Z")) {
                long maxTs = Instant.parse(day).toEpochMilli();
                int n = 300;
                for (int i = 0; i < n; i++) {
                    if (i == n / 2) {
                        WindowReference.applyChangelog(h.outputText(), materialized);
                        droppedBefore += h.metrics().lateRowsDropped();
                        Path dir = h.snapshot();
                        OperatorHarness restored = h.restore(dir);
                        h.close();
                        h = restored;
                    }
                    long behind = random.nextInt(5) == 0 ? random.nextInt(7_200_000) : 0;
                    long ts = maxTs + random.nextInt(180_000) - behind;
                    maxTs = Math.max(maxTs, ts);
                    String user = "u" + random.nextInt(3);
                    long amount = 1 + random.nextInt(9);
                    h.process(Row.wrap(RowKind.INSERT, new Object[] {user, amount, ts}));
                    boolean counted = false;
                    for (long[] w : WindowReference.windows(kind, slide, size, local(ts))) {
                        if (fireInstant(w[1]) + lateness > watermark) {
                            long[] acc = expected.computeIfAbsent(user + "|" + w[0] + "|" + w[1], k -> new long[2]);
                            acc[0]++;
                            acc[1] += amount;
                            counted = true;
                        }
                    }
                    dropped += counted ? 0 : 1;
                    if (random.nextInt(3) == 0) {
                        long wm = maxTs - random.nextInt(600_000);
                        h.watermark(wm);
                        watermark = Math.max(watermark, wm);
                    }
                }
            }
            h.endInput();
            WindowReference.applyChangelog(h.outputText(), materialized);
            assertThat(droppedBefore + h.metrics().lateRowsDropped()).isEqualTo(dropped);
        } finally {
            h.close();
        }
        Map<String, String> want = new TreeMap<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            String[] k = e.getKey().split("\\|");
            want.put(k[0] + ", " + RowText.formatTimestamp(Long.parseLong(k[1])) + ", "
                    + RowText.formatTimestamp(Long.parseLong(k[2])), e.getValue()[0] + ", " + e.getValue()[1]);
        }
        assertThat(materialized).isEqualTo(want);
    }

    /** Local wall-clock millis of an instant in Los Angeles, by java.time. */
    private static long local(long epochMillis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), LA).toInstant(ZoneOffset.UTC)
                .toEpochMilli();
    }

    /** When the window ending at local {@code end} fires: the last instant of local end - 1 ms, or the DST jump. */
    private static long fireInstant(long localEnd) {
        LocalDateTime last = LocalDateTime.ofInstant(Instant.ofEpochMilli(localEnd - 1), ZoneOffset.UTC);
        ZoneRules rules = LA.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(last);
        if (offsets.isEmpty()) {
            return rules.getTransition(last).getInstant().toEpochMilli();
        }
        return last.toInstant(offsets.get(offsets.size() - 1)).toEpochMilli();
    }
}

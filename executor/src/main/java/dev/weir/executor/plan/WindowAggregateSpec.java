package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Event-time window aggregation (TUMBLE, HOP or CUMULATE), keyed by the grouping columns.
 *
 * <p>Windows, all aligned to {@code offset}:
 * <ul>
 *   <li>TUMBLE: {@code [start, start + size)} with {@code start = t - floorMod(t - offset, size)};</li>
 *   <li>HOP: every window {@code [end - size, end)} containing {@code t}, for ends
 *       {@code offset + k * slide};</li>
 *   <li>CUMULATE: for the size-aligned {@code [start, start + size)} containing {@code t}, every
 *       window {@code [start, start + i * step)} (i = 1 .. size/step) containing {@code t}.</li>
 * </ul>
 * A window fires once, when the watermark reaches {@code end - 1}, emitting one +I row per key
 * that has rows in it. A row is late, dropped and counted, when every window it belongs to has
 * already fired.
 *
 * <p>With {@code allowedLatenessMillis > 0} ({@code table.exec.emit.allow-lateness}) a fired
 * window's state is kept until the watermark reaches {@code end - 1 + lateness}; a row arriving
 * in that time updates every fired window it belongs to and emits -U (the previous result) and
 * +U (the new one), or +I for a key the window had no row of; an unchanged result emits nothing.
 * The result is then an updating changelog. Rows later than that are dropped and counted.
 *
 * <p>With a {@code timeZone} (a TIMESTAMP_LTZ rowtime in a session zone other than UTC, as
 * Flink's "shift time zone") windows are computed on that zone's wall clock: a row at instant
 * {@code t} belongs to the windows containing its local time, window_start/window_end are local
 * TIMESTAMP values, and a window fires (and is late) when the watermark, an instant, reaches the
 * instant of its local {@code end - 1} (the later one when daylight saving repeats it, the
 * transition when it skips it); window_time is the TIMESTAMP_LTZ instant of the local
 * {@code end - 1}. A day window on a 23-hour daylight saving day is then 23 hours long.
 *
 * <p>Over an updating input ({@code updatingInput}: a Debezium or upsert source, another
 * aggregation's result) {@code +I}/{@code +U} rows accumulate into every window their rowtime
 * belongs to and {@code -U}/{@code -D} rows are taken back, with retracting accumulators per
 * (key, window): a row count, and for MIN, MAX and DISTINCT a multiset of values. A window fires
 * as above, emitting one {@code +I} row per key whose row count is above 0 (a key whose rows were
 * all retracted emits nothing), so the result is still insert-only. A change whose windows have
 * all fired is late: dropped and counted. Allowed lateness is not supported then.
 *
 * <p>Output columns: the key columns (in {@code keyIndices} order), {@code window_start},
 * {@code window_end} (TIMESTAMP(3)), {@code window_time} (= window_end - 1 ms, the output's
 * rowtime) when {@code windowTime}, then one column per aggregate call. The planner adds a Calc
 * to reorder them as the query asks.
 *
 * @param keyIndices    grouping columns in the input
 * @param timeIndex     the rowtime column in the input
 * @param sizeMillis    window size (the largest window for CUMULATE)
 * @param offsetMillis  window offset (0 unless the query says otherwise)
 * @param kind          TUMBLE, HOP or CUMULATE
 * @param slideMillis   the slide (HOP) or step (CUMULATE); equals the size for TUMBLE
 * @param windowTime    whether the output has a {@code window_time} column
 * @param allowedLatenessMillis how long after a window fired late rows still update it; 0 = drop them
 * @param timeZone      the zone whose wall clock windows are computed on; null for a TIMESTAMP
 *                      rowtime or UTC (a zone at UTC+0 forever is taken as null)
 * @param updatingInput whether the input carries retractions ({@code -U}, {@code -D}); its state
 *                      layout differs, so it is part of {@link #describe()} (and the operator id)
 */
public record WindowAggregateSpec(String id, RowType outputType, int[] keyIndices, int timeIndex, long sizeMillis,
        long offsetMillis, List<AggregateCall> aggregateCalls, WindowKind kind, long slideMillis,
        boolean windowTime, long allowedLatenessMillis, ZoneId timeZone, boolean updatingInput)
        implements OperatorSpec {
    public WindowAggregateSpec {
        timeZone = shiftZone(timeZone);
        if (allowedLatenessMillis < 0) {
            throw new IllegalArgumentException("allowed lateness must not be negative");
        }
        if (updatingInput && allowedLatenessMillis > 0) {
            throw new IllegalArgumentException("allowed lateness over an updating input is not supported");
        }
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        Objects.requireNonNull(kind, "kind is null");
        keyIndices = keyIndices.clone();
        aggregateCalls = List.copyOf(aggregateCalls);
        if (sizeMillis <= 0) {
            throw new IllegalArgumentException("window size must be positive");
        }
        if (slideMillis <= 0) {
            throw new IllegalArgumentException("window slide/step must be positive");
        }
        if (kind == WindowKind.TUMBLE && slideMillis != sizeMillis) {
            throw new IllegalArgumentException("a TUMBLE window slides by its size");
        }
        if (kind == WindowKind.CUMULATE && sizeMillis % slideMillis != 0) {
            throw new IllegalArgumentException("a CUMULATE window's size must be a multiple of its step");
        }
        int expected = keyIndices.length + (windowTime ? 3 : 2) + aggregateCalls.size();
        if (outputType.arity() != expected) {
            throw new IllegalArgumentException("output type " + outputType + " does not match keys, window columns"
                    + " and aggregates (" + expected + " columns)");
        }
    }

    /** Over an insert-only input. */
    public WindowAggregateSpec(String id, RowType outputType, int[] keyIndices, int timeIndex, long sizeMillis,
            long offsetMillis, List<AggregateCall> aggregateCalls, WindowKind kind, long slideMillis,
            boolean windowTime, long allowedLatenessMillis, ZoneId timeZone) {
        this(id, outputType, keyIndices, timeIndex, sizeMillis, offsetMillis, aggregateCalls, kind, slideMillis,
                windowTime, allowedLatenessMillis, timeZone, false);
    }

    /** Windows on instants (a TIMESTAMP rowtime, or UTC). */
    public WindowAggregateSpec(String id, RowType outputType, int[] keyIndices, int timeIndex, long sizeMillis,
            long offsetMillis, List<AggregateCall> aggregateCalls, WindowKind kind, long slideMillis,
            boolean windowTime, long allowedLatenessMillis) {
        this(id, outputType, keyIndices, timeIndex, sizeMillis, offsetMillis, aggregateCalls, kind, slideMillis,
                windowTime, allowedLatenessMillis, null);
    }

    /**
     * {@code zone} when it moves the wall clock away from UTC at some time, else null: windows on
     * UTC's wall clock are windows on instants.
     */
    static ZoneId shiftZone(ZoneId zone) {
        if (zone != null && zone.getRules().isFixedOffset()
                && zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() == 0) {
            return null;
        }
        return zone;
    }

    /** Without allowed lateness: late rows are dropped. */
    public WindowAggregateSpec(String id, RowType outputType, int[] keyIndices, int timeIndex, long sizeMillis,
            long offsetMillis, List<AggregateCall> aggregateCalls, WindowKind kind, long slideMillis,
            boolean windowTime) {
        this(id, outputType, keyIndices, timeIndex, sizeMillis, offsetMillis, aggregateCalls, kind, slideMillis,
                windowTime, 0);
    }

    /** The same aggregation with another allowed lateness. */
    public WindowAggregateSpec withAllowedLateness(long millis) {
        return new WindowAggregateSpec(id, outputType, keyIndices, timeIndex, sizeMillis, offsetMillis, aggregateCalls,
                kind, slideMillis, windowTime, millis, timeZone, updatingInput);
    }

    /** Whether late rows update fired windows, making the result an updating changelog. */
    public boolean emitsUpdates() {
        return allowedLatenessMillis > 0;
    }

    /** A TUMBLE aggregation without a window_time column (the original form of this spec). */
    public WindowAggregateSpec(String id, RowType outputType, int[] keyIndices, int timeIndex, long sizeMillis,
            long offsetMillis, List<AggregateCall> aggregateCalls) {
        this(id, outputType, keyIndices, timeIndex, sizeMillis, offsetMillis, aggregateCalls, WindowKind.TUMBLE,
                sizeMillis, false);
    }

    @Override
    public int[] keyIndices() {
        return keyIndices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowAggregateSpec w && id.equals(w.id) && outputType.equals(w.outputType)
                && Arrays.equals(keyIndices, w.keyIndices) && timeIndex == w.timeIndex
                && sizeMillis == w.sizeMillis && offsetMillis == w.offsetMillis
                && aggregateCalls.equals(w.aggregateCalls) && kind == w.kind && slideMillis == w.slideMillis
                && windowTime == w.windowTime && allowedLatenessMillis == w.allowedLatenessMillis
                && Objects.equals(timeZone, w.timeZone) && updatingInput == w.updatingInput;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, Arrays.hashCode(keyIndices), timeIndex, sizeMillis, offsetMillis,
                aggregateCalls, kind, slideMillis, windowTime, allowedLatenessMillis, timeZone, updatingInput);
    }

    /**
     * The slice length: each row updates exactly one slice accumulator and a window merges its
     * slices. The gcd of slide and size for HOP, the step for CUMULATE, the size for TUMBLE.
     */
    public long sliceMillis() {
        return switch (kind) {
            case TUMBLE -> sizeMillis;
            case HOP -> gcd(slideMillis, sizeMillis);
            case CUMULATE -> slideMillis;
        };
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public String describe() {
        StringBuilder keys = new StringBuilder();
        for (int k : keyIndices) {
            keys.append(keys.length() == 0 ? "" : ", ").append('$').append(k);
        }
        StringBuilder aggs = new StringBuilder();
        for (AggregateCall c : aggregateCalls) {
            String call = c.describe();
            if (updatingInput) {
                // Named as Flink's retracting functions, as GroupAggregate does.
                call = c.function().name() + "_RETRACT" + call.substring(c.function().name().length());
            }
            aggs.append(aggs.length() == 0 ? "" : ", ").append(call).append(" AS ").append(c.name());
        }
        String window = switch (kind) {
            case TUMBLE -> "TUMBLE(time_col=[$" + timeIndex + "], size=[" + sizeMillis + " ms]";
            case HOP -> "HOP(time_col=[$" + timeIndex + "], slide=[" + slideMillis + " ms], size=[" + sizeMillis
                    + " ms]";
            case CUMULATE -> "CUMULATE(time_col=[$" + timeIndex + "], step=[" + slideMillis + " ms], size=["
                    + sizeMillis + " ms]";
        };
        // Kept exactly as before for TUMBLE without window_time: the text is hashed into the operator id.
        return "WindowAggregate(groupBy=[" + keys + "], window=[" + window
                + (offsetMillis != 0 ? ", offset=[" + offsetMillis + " ms]" : "")
                + (timeZone != null ? ", timeZone=[" + timeZone.getId() + "]" : "") + ")], select=[" + aggs + "]"
                + (windowTime ? ", properties=[window_start, window_end, window_time]" : "")
                + (allowedLatenessMillis > 0 ? ", allowLateness=[" + allowedLatenessMillis + " ms]" : "")
                + (updatingInput ? ", inputChangelog=[I,UB,UA,D]" : "") + ")";
    }

    @Override
    public String stateDescription() {
        if (updatingInput) {
            StringBuilder sb = new StringBuilder("a row count and retractable accumulators per (")
                    .append(keyNames()).append("window)");
            if (keepsValues()) {
                sb.append(", and a multiset (value -> count) of the values of each MIN, MAX and DISTINCT argument")
                        .append(" per (").append(keyNames()).append("window) (MIN/MAX keep the current extreme")
                        .append(" and rescan the multiset only when it is retracted)");
            }
            return sb.append(", one timer per (key, window); cleared when the watermark passes the window end")
                    .toString();
        }
        String per = kind == WindowKind.TUMBLE ? "window" : "slice of " + sliceMillis() + " ms";
        String cleared = kind == WindowKind.TUMBLE ? "the window end"
                : "the end of the last window that contains the slice";
        String timers = kind == WindowKind.TUMBLE ? "one timer per (key, window)"
                : "one timer per key for its next window";
        if (allowedLatenessMillis > 0) {
            cleared = (kind == WindowKind.TUMBLE ? "the window end" : "the end of the last window that contains "
                    + "the slice") + " + " + allowedLatenessMillis + " ms of allowed lateness (late rows within it "
                    + "emit -U/+U)";
            timers = timers + " and one cleanup timer per (key, fired window)";
        }
        return "accumulators per (" + keyNames() + per + "), " + timers + "; cleared when the watermark passes "
                + cleared;
    }

    private boolean keepsValues() {
        for (AggregateCall c : aggregateCalls) {
            if (c.argIndex() >= 0 && (c.distinct() || c.function() == AggregateFunctionKind.MIN
                    || c.function() == AggregateFunctionKind.MAX)) {
                return true;
            }
        }
        return false;
    }

    private String keyNames() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keyIndices.length; i++) {
            sb.append(outputType.field(i).name()).append(", ");
        }
        return sb.toString();
    }
}

package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Event-time SESSION window aggregation, keyed by the grouping columns (Flink's
 * {@code SESSION(TABLE t [PARTITION BY k], DESCRIPTOR(ts), gap)} grouped by window_start,
 * window_end and keys, or the legacy {@code GROUP BY SESSION(ts, gap)}).
 *
 * <p>A row at {@code t} opens the session {@code [t, t + gap)}; sessions of one key that
 * intersect or touch ({@code a.start <= b.end && a.end >= b.start}, as Flink's TimeWindow)
 * merge, so a row can bridge two sessions into one. A session fires once, when the watermark
 * reaches {@code end - 1}, emitting one +I row. A row is late, dropped and counted, when the
 * session it would end up in (after merging with open sessions) has already ended at the current
 * watermark.
 *
 * <p>With {@code allowedLatenessMillis > 0} ({@code table.exec.emit.allow-lateness}) a fired
 * session is kept until the watermark reaches {@code end - 1 + lateness}. A row within that time
 * joins it (or merges it with others): fired sessions it replaces are retracted with -D, a fired
 * session updated in place emits -U/+U (nothing when its result is unchanged), and a merged
 * session that has already ended emits +I at once. The result is then an updating changelog.
 *
 * <p>With a {@code timeZone} (a TIMESTAMP_LTZ rowtime in a session zone other than UTC) sessions
 * are built on that zone's wall clock, as in Flink: a row opens {@code [local t, local t + gap)},
 * window_start/window_end are local TIMESTAMP values, a session fires when the watermark reaches
 * the instant of its local {@code end - 1} and window_time is that local time as an instant (see
 * {@link WindowAggregateSpec} for the daylight saving rules).
 *
 * <p>Output columns: the key columns (in {@code keyIndices} order), {@code window_start},
 * {@code window_end}, {@code window_time} (= window_end - 1 ms) when {@code windowTime}, then one
 * column per aggregate call.
 *
 * @param keyIndices grouping columns in the input (the partition keys and any other grouping keys)
 * @param timeIndex  the rowtime column in the input
 * @param gapMillis  the session gap
 * @param windowTime whether the output has a {@code window_time} column
 * @param allowedLatenessMillis how long after a session fired late rows still update it; 0 = drop them
 * <p>Over an updating input ({@code updatingInput}: a Debezium or upsert source, another
 * aggregation) {@code +I}/{@code +U} rows open, extend and merge sessions as above, and
 * {@code -U}/{@code -D} rows are taken back from the open session whose {@code [start, end)}
 * contains their rowtime: a retraction never opens, splits or shrinks a session, as in Flink. A
 * retraction that finds no open session is ignored (late, dropped and counted, when its own
 * {@code [t, t + gap)} has ended at the watermark). A session whose rows were all retracted emits
 * nothing when it fires; the result stays insert-only. Allowed lateness is refused.
 *
 * @param timeZone   the zone whose wall clock sessions are built on; null for a TIMESTAMP rowtime or UTC
 * @param updatingInput whether the input carries retractions ({@code -U}, {@code -D}); its state
 *                   then holds retractable accumulators (see {@code RetractingAggregates})
 */
public record SessionWindowAggregateSpec(String id, RowType outputType, int[] keyIndices, int timeIndex,
        long gapMillis, List<AggregateCall> aggregateCalls, boolean windowTime, long allowedLatenessMillis,
        ZoneId timeZone, boolean updatingInput) implements OperatorSpec {
    /** Over an insert-only input. */
    public SessionWindowAggregateSpec(String id, RowType outputType, int[] keyIndices, int timeIndex,
            long gapMillis, List<AggregateCall> aggregateCalls, boolean windowTime, long allowedLatenessMillis,
            ZoneId timeZone) {
        this(id, outputType, keyIndices, timeIndex, gapMillis, aggregateCalls, windowTime, allowedLatenessMillis,
                timeZone, false);
    }

    /** Sessions on instants (a TIMESTAMP rowtime, or UTC). */
    public SessionWindowAggregateSpec(String id, RowType outputType, int[] keyIndices, int timeIndex,
            long gapMillis, List<AggregateCall> aggregateCalls, boolean windowTime, long allowedLatenessMillis) {
        this(id, outputType, keyIndices, timeIndex, gapMillis, aggregateCalls, windowTime, allowedLatenessMillis,
                null);
    }

    /** Without allowed lateness: late rows are dropped. */
    public SessionWindowAggregateSpec(String id, RowType outputType, int[] keyIndices, int timeIndex,
            long gapMillis, List<AggregateCall> aggregateCalls, boolean windowTime) {
        this(id, outputType, keyIndices, timeIndex, gapMillis, aggregateCalls, windowTime, 0);
    }

    /** Whether late rows update fired sessions, making the result an updating changelog. */
    public boolean emitsUpdates() {
        return allowedLatenessMillis > 0;
    }

    public SessionWindowAggregateSpec {
        timeZone = WindowAggregateSpec.shiftZone(timeZone);
        if (allowedLatenessMillis < 0) {
            throw new IllegalArgumentException("allowed lateness must not be negative");
        }
        if (updatingInput && allowedLatenessMillis > 0) {
            throw new IllegalArgumentException("allowed lateness over an updating input is not supported");
        }
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        keyIndices = keyIndices.clone();
        aggregateCalls = List.copyOf(aggregateCalls);
        if (gapMillis <= 0) {
            throw new IllegalArgumentException("session gap must be positive");
        }
        int expected = keyIndices.length + (windowTime ? 3 : 2) + aggregateCalls.size();
        if (outputType.arity() != expected) {
            throw new IllegalArgumentException("output type " + outputType + " does not match keys, window columns"
                    + " and aggregates (" + expected + " columns)");
        }
    }

    @Override
    public int[] keyIndices() {
        return keyIndices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionWindowAggregateSpec w && id.equals(w.id) && outputType.equals(w.outputType)
                && Arrays.equals(keyIndices, w.keyIndices) && timeIndex == w.timeIndex && gapMillis == w.gapMillis
                && aggregateCalls.equals(w.aggregateCalls) && windowTime == w.windowTime
                && allowedLatenessMillis == w.allowedLatenessMillis && Objects.equals(timeZone, w.timeZone)
                && updatingInput == w.updatingInput;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, Arrays.hashCode(keyIndices), timeIndex, gapMillis, aggregateCalls,
                windowTime, allowedLatenessMillis, timeZone, updatingInput);
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
                // Named as Flink's retracting functions, as GroupAggregate and WindowAggregate do.
                call = c.function().name() + "_RETRACT" + call.substring(c.function().name().length());
            }
            aggs.append(aggs.length() == 0 ? "" : ", ").append(call).append(" AS ").append(c.name());
        }
        return "WindowAggregate(groupBy=[" + keys + "], window=[SESSION(time_col=[$" + timeIndex + "], gap=["
                + gapMillis + " ms]" + (timeZone != null ? ", timeZone=[" + timeZone.getId() + "]" : "")
                + ")], select=[" + aggs + "]"
                + (windowTime ? ", properties=[window_start, window_end, window_time]" : "")
                + (allowedLatenessMillis > 0 ? ", allowLateness=[" + allowedLatenessMillis + " ms]" : "")
                + (updatingInput ? ", inputChangelog=[I,UB,UA,D]" : "") + ")";
    }

    @Override
    public String stateDescription() {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < keyIndices.length; i++) {
            keys.append(outputType.field(i).name()).append(", ");
        }
        if (updatingInput) {
            return "a row count, retractable accumulators and end per (" + keys + "session start), a multiset"
                    + " (value -> count) per MIN, MAX and DISTINCT argument and (" + keys + "session start), one"
                    + " timer per open session; merged sessions merge their state; cleared when the watermark"
                    + " passes the session end";
        }
        if (allowedLatenessMillis > 0) {
            return "accumulators and end per (" + keys + "session start), one timer per open session and one cleanup"
                    + " timer per fired session; cleared when the watermark passes the session end + "
                    + allowedLatenessMillis + " ms of allowed lateness (late rows within it emit -U/+U or -D/+I)";
        }
        return "accumulators and end per (" + keys + "session start), one timer per open session; cleared when"
                + " the watermark passes the session end";
    }
}

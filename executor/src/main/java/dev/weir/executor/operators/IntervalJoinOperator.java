package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.MultiInputOperator;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.plan.IntervalJoinSpec;
import dev.weir.executor.plan.JoinType;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.MapState;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The event-time interval join (semantics in {@link IntervalJoinSpec}).
 *
 * <p>Keyed state per join key and input: the rows in time buckets as wide as the interval
 * ({@code upper - lower + 1} ms; {@code MapState} namespaced by the bucket, row → [copies,
 * matched]), so a row probes at most two buckets of the other input, whatever the number of rows
 * kept; and one cleanup timer per bucket at the time after which no row of the other input can
 * match any row of it. The combined watermark is part of the snapshot, so after a restore a row is
 * stored or not exactly as in an uninterrupted run.
 */
final class IntervalJoinOperator implements MultiInputOperator {
    static final String STATE_FILE = "interval-join.bin";
    private static final String[] SIDES = {"left", "right"};

    private final JoinType joinType;
    private final JoinCondition condition;
    private final JoinedRows joined;
    private final int[] timeIndex;
    private final long lower;
    private final long upper;
    private final RowKeys[] keys = new RowKeys[2];
    private final EventTimeState state;
    private final KeyedStateBackend backend;
    /** Bucket width in milliseconds: the interval's width, so a probe spans at most two buckets. */
    private final long bucketMillis;
    private final MapState<Long, Row, long[]>[] rows;
    private final TimerService<Long>[] cleanup;
    private final TimerService.Callback<Long> expireLeft = (key, bucket, t) -> expire(0, bucket);
    private final TimerService.Callback<Long> expireRight = (key, bucket, t) -> expire(1, bucket);
    private final EventTimeClock eventTime = new EventTimeClock();
    /** Rows of the other input that a probe matched for the first time; reused across probes. */
    private final List<Row> firstMatches = new ArrayList<>();

    @SuppressWarnings("unchecked")
    IntervalJoinOperator(IntervalJoinSpec spec, List<RowType> inputTypes, OperatorContext context)
            throws IOException {
        this.joinType = spec.joinType();
        this.joined = new JoinedRows(inputTypes.get(0).arity(), inputTypes.get(1).arity());
        this.condition = new JoinCondition(spec.condition(), joined);
        this.timeIndex = new int[] {spec.leftTimeIndex(), spec.rightTimeIndex()};
        this.lower = spec.lowerMillis();
        this.upper = spec.upperMillis();
        this.bucketMillis = upper - lower + 1;
        for (int input = 0; input < 2; input++) {
            keys[input] = new RowKeys(spec.keys().of(input), inputTypes.get(input));
        }
        this.state = EventTimeState.open(keys[0], context, STATE_FILE);
        this.backend = state.backend();
        this.rows = new MapState[2];
        this.cleanup = new TimerService[2];
        for (int input = 0; input < 2; input++) {
            String side = SIDES[input];
            RowType type = inputTypes.get(input);
            rows[input] = state.declare(b -> b.mapState(new StateDescriptor<>("interval-" + side + "-rows",
                    Serializers.LONG, JoinCounts.SERIALIZER), new RowSerializer(type)));
            cleanup[input] = state.declare(b -> b.timerService("interval-" + side + "-cleanup", Serializers.LONG));
        }
        eventTime.restore(state.restoredWatermark());
    }

    @Override
    public void processElement(int input, Row row, Output out) {
        Object time = row.field(timeIndex[input]);
        Row record = row.kind() == RowKind.INSERT ? row : row.withKind(RowKind.INSERT);
        int other = 1 - input;
        Row key = keys[input].key(row);
        if (time == null || JoinedRows.hasNull(key)) {
            if (joinType.isOuter(input)) {
                out.collect(joined.padded(input, record, RowKind.INSERT));
            }
            return;
        }
        long ts = (Long) time;
        backend.setCurrentKey(key);
        // rt - lt in [lower, upper]: a left row at ts meets right rows in [ts + lower, ts + upper], and back.
        long from = input == 0 ? ts + lower : ts - upper;
        long to = input == 0 ? ts + upper : ts - lower;
        boolean matched = false;
        for (long bucket = bucketOf(from), last = bucketOf(to); bucket <= last; bucket++) {
            for (Map.Entry<Row, long[]> e : rows[other].readEntries(bucket).entrySet()) {
                long t = (Long) e.getKey().field(timeIndex[other]);
                if (t < from || t > to || expiry(other, t) <= eventTime.watermark()) {
                    continue; // out of range, or expired and only waiting for its bucket to be dropped
                }
                if (!condition.holds(input, record, e.getKey())) {
                    continue;
                }
                Row result = joined.join(input, record, e.getKey(), RowKind.INSERT);
                long[] counts = e.getValue();
                for (long i = 0; i < counts[0]; i++) {
                    out.collect(result);
                }
                matched = true;
                if (counts[1] == 0) {
                    firstMatches.add(e.getKey()); // marked after the loop: the view must not change under it
                }
            }
            for (int i = 0; i < firstMatches.size(); i++) {
                Row first = firstMatches.get(i);
                rows[other].put(bucket, first, new long[] {rows[other].get(bucket, first)[0], 1});
            }
            firstMatches.clear();
        }
        if (expiry(input, ts) <= eventTime.watermark()) {
            // No row of the other input can still come in range: nothing to keep.
            if (joinType.isOuter(input) && !matched) {
                out.collect(joined.padded(input, record, RowKind.INSERT));
            }
            return;
        }
        long bucket = bucketOf(ts);
        long[] counts = rows[input].get(bucket, record);
        rows[input].put(bucket, record, counts == null ? new long[] {1, matched ? 1 : 0}
                : new long[] {counts[0] + 1, matched || counts[1] != 0 ? 1 : 0});
        // The bucket goes when its latest possible row expires (the registration is idempotent).
        long bucketEnd = bucket * bucketMillis + bucketMillis - 1;
        cleanup[input].registerEventTimeTimer(bucket, input == 0 ? bucketEnd + upper : bucketEnd - lower);
    }

    /** The time from which no future row of the other input can match a row of {@code input} at {@code time}. */
    private long expiry(int input, long time) {
        return input == 0 ? time + upper : time - lower;
    }

    private long bucketOf(long time) {
        return Math.floorDiv(time, bucketMillis);
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        if (eventTime.advance(watermark)) {
            // Two timer services, one per input: both inputs' expired rows go before the watermark.
            eventTime.fireTimers(cleanup[0], watermark, expireLeft, out);
            eventTime.fireTimers(cleanup[1], watermark, expireRight, out);
            out.emitWatermark(watermark);
        }
    }

    /** Drops the current key's rows of {@code input} in {@code bucket}, emitting an outer input's unmatched ones. */
    private void expire(int input, long bucket) {
        if (joinType.isOuter(input)) {
            Output out = eventTime.firingOutput();
            for (Map.Entry<Row, long[]> e : rows[input].entries(bucket).entrySet()) {
                long[] counts = e.getValue();
                if (counts[1] == 0) {
                    Row padded = joined.padded(input, e.getKey(), RowKind.INSERT);
                    for (long i = 0; i < counts[0]; i++) {
                        out.collect(padded);
                    }
                }
            }
        }
        rows[input].clear(bucket);
    }

    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        state.snapshot(context, eventTime.watermark());
    }

    @Override
    public void close() {
        state.close();
    }
}

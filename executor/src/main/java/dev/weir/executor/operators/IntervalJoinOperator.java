package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The event-time interval join (semantics in {@link IntervalJoinSpec}).
 *
 * <p>Keyed state per join key and input: the rows by event time ({@code MapState} namespaced by
 * the timestamp, row → [copies, matched]), the timestamps present ({@code MapState}), and one
 * cleanup timer per timestamp at the time after which no row of the other input can match it
 * any more. The combined watermark is part of the snapshot, so after a restore a row is stored or
 * not exactly as in an uninterrupted run.
 */
final class IntervalJoinOperator implements MultiInputOperator {
    static final String KEYED_DIR = "keyed";
    static final String STATE_FILE = "interval-join.bin";
    private static final Long NAMESPACE = 0L;
    private static final String[] SIDES = {"left", "right"};

    private final JoinType joinType;
    private final ScalarExpression condition;
    private final JoinedRows joined;
    private final int[] timeIndex;
    private final long lower;
    private final long upper;
    private final RowKeys[] keys = new RowKeys[2];
    private final KeyedStateBackend backend;
    private final MapState<Long, Row, long[]>[] rows;
    private final MapState<Long, Long, Long>[] times;
    private final TimerService<Long>[] cleanup;
    private long currentWatermark = Long.MIN_VALUE;
    private Output firingOutput;

    @SuppressWarnings("unchecked")
    IntervalJoinOperator(IntervalJoinSpec spec, List<RowType> inputTypes, OperatorContext context)
            throws IOException {
        this.joinType = spec.joinType();
        this.condition = spec.condition();
        this.joined = new JoinedRows(inputTypes.get(0).arity(), inputTypes.get(1).arity());
        this.timeIndex = new int[] {spec.leftTimeIndex(), spec.rightTimeIndex()};
        this.lower = spec.lowerMillis();
        this.upper = spec.upperMillis();
        for (int input = 0; input < 2; input++) {
            keys[input] = new RowKeys(spec.keysOf(input), inputTypes.get(input));
        }
        this.backend = keys[0].openBackend(context, KEYED_DIR);
        this.rows = new MapState[2];
        this.times = new MapState[2];
        this.cleanup = new TimerService[2];
        try {
            for (int input = 0; input < 2; input++) {
                String side = SIDES[input];
                rows[input] = backend.mapState(new StateDescriptor<>("interval-" + side + "-rows", Serializers.LONG,
                        JoinCounts.SERIALIZER), new RowSerializer(inputTypes.get(input)));
                times[input] = backend.mapState(new StateDescriptor<>("interval-" + side + "-times",
                        Serializers.LONG, Serializers.LONG), Serializers.LONG);
                cleanup[input] = backend.timerService("interval-" + side + "-cleanup", Serializers.LONG);
            }
            Path restoreDir = context.restoreDir();
            if (restoreDir != null) {
                currentWatermark = OperatorStateFiles.readWatermark(restoreDir.resolve(STATE_FILE));
            }
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
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
        for (Long t : times[other].entries(NAMESPACE).keySet()) {
            if (t < from || t > to) {
                continue;
            }
            for (Map.Entry<Row, long[]> e : rows[other].entries(t).entrySet()) {
                Row result = joined.join(input, record, e.getKey(), RowKind.INSERT);
                if (condition != null && !Boolean.TRUE.equals(condition.evaluate(result))) {
                    continue;
                }
                long[] counts = e.getValue();
                for (long i = 0; i < counts[0]; i++) {
                    out.collect(result);
                }
                matched = true;
                if (counts[1] == 0) {
                    rows[other].put(t, e.getKey(), new long[] {counts[0], 1});
                }
            }
        }
        long expiry = input == 0 ? ts + upper : ts - lower;
        if (expiry <= currentWatermark) {
            // No row of the other input can still come in range: nothing to keep.
            if (joinType.isOuter(input) && !matched) {
                out.collect(joined.padded(input, record, RowKind.INSERT));
            }
            return;
        }
        long[] counts = rows[input].get(ts, record);
        rows[input].put(ts, record, counts == null ? new long[] {1, matched ? 1 : 0}
                : new long[] {counts[0] + 1, matched || counts[1] != 0 ? 1 : 0});
        times[input].put(NAMESPACE, ts, ts);
        cleanup[input].registerEventTimeTimer(ts, expiry);
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        if (watermark <= currentWatermark) {
            return;
        }
        currentWatermark = watermark;
        firingOutput = out;
        try {
            cleanup[0].advanceWatermark(watermark, (key, ts, t) -> expire(0, ts));
            cleanup[1].advanceWatermark(watermark, (key, ts, t) -> expire(1, ts));
        } finally {
            firingOutput = null;
        }
        out.emitWatermark(watermark);
    }

    /** Drops the current key's rows of {@code input} at {@code ts}, emitting an outer input's unmatched ones. */
    private void expire(int input, long ts) {
        if (joinType.isOuter(input)) {
            for (Map.Entry<Row, long[]> e : rows[input].entries(ts).entrySet()) {
                long[] counts = e.getValue();
                if (counts[1] == 0) {
                    Row padded = joined.padded(input, e.getKey(), RowKind.INSERT);
                    for (long i = 0; i < counts[0]; i++) {
                        firingOutput.collect(padded);
                    }
                }
            }
        }
        rows[input].clear(ts);
        times[input].remove(NAMESPACE, ts);
    }

    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        backend.snapshot(context.checkpointId(), context.directory().resolve(KEYED_DIR));
        OperatorStateFiles.writeWatermark(context.directory().resolve(STATE_FILE), currentWatermark);
    }

    @Override
    public void close() {
        backend.close();
    }
}

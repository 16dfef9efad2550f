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
import dev.weir.executor.plan.JoinType;
import dev.weir.executor.plan.TemporalJoinSpec;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.ListState;
import dev.weir.state.MapState;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The event-time temporal join (semantics in {@link TemporalJoinSpec}).
 *
 * <p>Keyed state per join key: the waiting left rows in lists namespaced by their time
 * ({@code ListState}, arrival order kept), the right input's versions by time ({@code MapState}
 * time → row, the row's kind kept, so a {@code -D} ends the versions before it), and one event-time
 * timer per key and time of a left or right row. A timer at {@code t} joins the left rows at
 * {@code t} with the version valid at {@code t}, then drops the versions older than that one: no
 * left row still to come can need them, since timers fire in time order and later left rows are
 * later than the watermark — except late ones, which, as in Flink, join the latest version still kept
 * at or before their time, if any. The watermark is part of the snapshot.
 */
final class TemporalJoinOperator implements MultiInputOperator {
    static final String KEYED_DIR = "keyed";
    static final String STATE_FILE = "temporal-join.bin";
    /** The versions map has no namespace of its own: one constant stands for none. */
    private static final Long VERSIONS = 0L;

    private final boolean leftOuter;
    private final ScalarExpression condition;
    private final JoinedRows joined;
    private final int leftTime;
    private final int rightTime;
    private final RowKeys[] keys = new RowKeys[2];
    private final KeyedStateBackend backend;
    private final ListState<Long, Row> leftRows;
    private final MapState<Long, Long, Row> versions;
    private final TimerService<Long> timers;
    private final TimerService.Callback<Long> onTimer = this::fire;
    /** Version times to drop, collected while iterating the versions; reused across timers. */
    private final List<Long> expired = new ArrayList<>();
    private final EventTimeClock eventTime = new EventTimeClock();

    TemporalJoinOperator(TemporalJoinSpec spec, List<RowType> inputTypes, OperatorContext context)
            throws IOException {
        this.leftOuter = spec.joinType() == JoinType.LEFT;
        this.condition = spec.condition();
        this.joined = new JoinedRows(inputTypes.get(0).arity(), inputTypes.get(1).arity());
        this.leftTime = spec.leftTimeIndex();
        this.rightTime = spec.rightTimeIndex();
        for (int input = 0; input < 2; input++) {
            keys[input] = new RowKeys(spec.keys().of(input), inputTypes.get(input));
        }
        this.backend = keys[0].openBackend(context, KEYED_DIR);
        try {
            leftRows = backend.listState(new StateDescriptor<>("temporal-join-left-rows", Serializers.LONG,
                    new RowSerializer(inputTypes.get(0))));
            versions = backend.mapState(new StateDescriptor<>("temporal-join-right-versions", Serializers.LONG,
                    new RowSerializer(inputTypes.get(1))), Serializers.LONG);
            timers = backend.timerService("temporal-join-timers", Serializers.LONG);
            Path restoreDir = context.restoreDir();
            if (restoreDir != null) {
                eventTime.restore(OperatorStateFiles.readWatermark(restoreDir.resolve(STATE_FILE)));
            }
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public void processElement(int input, Row row, Output out) {
        Object time = row.field(input == 0 ? leftTime : rightTime);
        Row key = keys[input].key(row);
        if (input == 1) {
            // -U only announces the +U that follows, which carries the new version and its time; Flink's
            // planner asks the versioned input for its updates without -U where it can, so it is skipped.
            if (row.kind() != RowKind.UPDATE_BEFORE && time != null && !JoinedRows.hasNull(key)) {
                long ts = (Long) time;
                backend.setCurrentKey(key);
                versions.put(VERSIONS, ts, row);
                timers.registerEventTimeTimer(ts, ts); // drops the versions this one outdates
            }
            return;
        }
        if (time == null || JoinedRows.hasNull(key)) {
            if (leftOuter) { // no version can match it: nothing to wait for
                out.collect(joined.padded(0, row, row.kind()));
            }
            return;
        }
        long ts = (Long) time;
        backend.setCurrentKey(key);
        leftRows.add(ts, row);
        // Idempotent per key and time. A row at or behind the watermark (late) is not dropped, as in Flink:
        // its timer fires with the next watermark, and it joins the version valid at its time if still kept.
        timers.registerEventTimeTimer(ts, ts);
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        eventTime.processWatermark(watermark, out, timers, onTimer);
    }

    /** Joins the current key's left rows at {@code time}, then drops the versions older than the one valid then. */
    private void fire(Object key, Long time, long timestamp) {
        long t = time;
        Row version = null;
        long versionTime = Long.MIN_VALUE;
        Map<Long, Row> all = versions.readEntries(VERSIONS);
        for (Map.Entry<Long, Row> e : all.entrySet()) {
            long vt = e.getKey();
            if (vt <= t && (version == null || vt > versionTime)) {
                version = e.getValue();
                versionTime = vt;
            }
        }
        List<Row> lefts = leftRows.get(time);
        if (!lefts.isEmpty()) {
            // A version whose last change is a delete does not exist from that time on.
            Row valid = version != null && version.kind() != RowKind.DELETE ? version : null;
            for (int i = 0; i < lefts.size(); i++) {
                Row left = lefts.get(i);
                Row result = valid == null ? null : joined.join(0, left, valid, left.kind());
                if (result != null && (condition == null || Boolean.TRUE.equals(condition.evaluate(result)))) {
                    eventTime.firingOutput().collect(result);
                } else if (leftOuter) {
                    eventTime.firingOutput().collect(joined.padded(0, left, left.kind()));
                }
            }
            leftRows.clear(time);
        }
        if (version != null) {
            for (Long vt : all.keySet()) {
                if (vt < versionTime) {
                    expired.add(vt);
                }
            }
            for (int i = 0; i < expired.size(); i++) {
                versions.remove(VERSIONS, expired.get(i));
            }
            expired.clear();
        }
    }

    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        backend.snapshot(context.checkpointId(), context.directory().resolve(KEYED_DIR));
        OperatorStateFiles.writeWatermark(context.directory().resolve(STATE_FILE), eventTime.watermark());
    }

    @Override
    public void close() {
        backend.close();
    }
}

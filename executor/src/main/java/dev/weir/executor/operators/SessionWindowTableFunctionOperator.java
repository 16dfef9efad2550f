package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.SessionWindowTableFunctionSpec;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.ListState;
import dev.weir.state.MapState;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SESSION window table function without aggregation (semantics in {@link SessionWindowTableFunctionSpec}).
 *
 * <p>Per partition key, keyed state holds the open sessions as {@link SessionWindowAggregateOperator} does
 * ({@code start → end} in a map under namespace 0, one event-time timer per session at {@code end - 1},
 * namespace = start), but instead of accumulators each session keeps its rows, in a list under namespace =
 * start. Merging sessions moves the rows of the absorbed ones into the merged one. When a session's timer
 * fires its rows come out with the session's bounds and its state goes.
 */
final class SessionWindowTableFunctionOperator implements StreamOperator {
    static final String STATE_FILE = "session-tvf.bin";
    private static final Long SESSIONS = 0L;

    private final int timeIndex;
    private final long gap;
    private final WindowTimeZone zone;
    private final RowKeys keys;
    private final EventTimeState state;
    private final KeyedStateBackend backend;
    private final MapState<Long, Long, Long> sessionEnds;
    private final ListState<Long, Row> sessionRows;
    private final TimerService<Long> timers;
    private final OperatorMetrics metrics;
    private final TimerService.Callback<Long> onTimer = this::fire;
    private final EventTimeClock eventTime = new EventTimeClock();
    private final List<long[]> touched = new ArrayList<>();

    SessionWindowTableFunctionOperator(SessionWindowTableFunctionSpec spec, RowType inputType, OperatorContext context)
            throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        this.timeIndex = spec.timeIndex();
        this.gap = spec.gapMillis();
        this.zone = WindowTimeZone.of(spec.timeZone());
        this.metrics = context.metrics();
        this.keys = new RowKeys(spec.keyIndices(), inputType);
        this.state = EventTimeState.open(keys, context, STATE_FILE);
        this.backend = state.backend();
        this.sessionEnds = state.declare(b -> b.mapState(new StateDescriptor<>("session-tvf-ends", Serializers.LONG,
                Serializers.LONG), Serializers.LONG));
        this.sessionRows = state.declare(b -> b.listState(new StateDescriptor<>("session-tvf-rows", Serializers.LONG,
                new RowSerializer(inputType))));
        this.timers = state.declare(b -> b.timerService("session-tvf-timers", Serializers.LONG));
        eventTime.restore(state.restoredWatermark());
    }

    @Override
    public void processElement(Row row, Output out) {
        Object time = row.field(timeIndex);
        if (time == null) {
            LateRows.drop(row, out, metrics); // no event time, no session (Flink drops it too)
            return;
        }
        long ts = zone.toLocal((Long) time);
        backend.setCurrentKey(keys.key(row));
        long start = ts;
        long end = ts + gap;
        // As Flink's MergingWindowSet: every open session the row's own [ts, ts + gap) touches joins it.
        for (Map.Entry<Long, Long> s : sessionEnds.readEntries(SESSIONS).entrySet()) {
            if (s.getKey() <= ts + gap && s.getValue() >= ts) {
                touched.add(new long[] {s.getKey(), s.getValue()});
                start = Math.min(start, s.getKey());
                end = Math.max(end, s.getValue());
            }
        }
        if (zone.fireTime(end) <= eventTime.watermark()) {
            touched.clear();
            LateRows.drop(row, out, metrics);
            return;
        }
        for (long[] s : touched) {
            timers.deleteEventTimeTimer(s[0], zone.fireTime(s[1]));
            if (s[0] != start) {
                sessionEnds.remove(SESSIONS, s[0]);
                for (Row r : sessionRows.get(s[0])) {
                    sessionRows.add(start, r);
                }
                sessionRows.clear(s[0]);
            }
        }
        touched.clear();
        sessionRows.add(start, row.kind() == RowKind.INSERT ? row : row.withKind(RowKind.INSERT));
        sessionEnds.put(SESSIONS, start, end);
        timers.registerEventTimeTimer(start, zone.fireTime(end));
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        eventTime.processWatermark(watermark, out, timers, onTimer);
    }

    private void fire(Object key, Long start, long timestamp) {
        Long end = sessionEnds.get(SESSIONS, start);
        if (end == null || zone.fireTime(end) != timestamp) {
            return; // merged away or extended since: its timer was replaced
        }
        Output out = eventTime.firingOutput();
        long windowTime = zone.windowTime(end);
        for (Row row : sessionRows.get(start)) {
            out.collect(WindowRows.withWindow(row, RowKind.INSERT, start, end, windowTime));
        }
        sessionRows.clear(start);
        sessionEnds.remove(SESSIONS, start);
    }

    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        state.snapshot(context, eventTime.watermark());
    }

    /** Open sessions over all keys (one timer each), for tests. */
    int openSessions() {
        return timers.size();
    }

    @Override
    public void close() {
        state.close();
    }
}

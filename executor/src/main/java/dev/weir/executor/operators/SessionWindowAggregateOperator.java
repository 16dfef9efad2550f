package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.operators.agg.Accumulator;
import dev.weir.executor.operators.agg.AggregateFunctions;
import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.MapState;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import dev.weir.state.ValueState;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * Event-time SESSION window aggregation (semantics in {@link SessionWindowAggregateSpec}).
 *
 * <p>Per key, keyed state holds the open sessions: {@code start → end} in a map (namespace 0)
 * and {@code start → accumulators} in a value state, plus one event-time timer per session at
 * {@code end - 1} (namespace = start). A row reads its key's few open sessions, merges those its
 * own {@code [t, t + gap)} intersects, and re-registers the merged session's timer. Sessions
 * are unbounded in length, so there is no in-memory pre-aggregation as for fixed windows: state
 * is touched once per row.
 *
 * <p>With allowed lateness L, a fired session stays in state with a cleanup timer at
 * {@code end - 1 + L} (namespace = start, told apart from the fire timer by its time). A stored
 * session whose end is at or behind the watermark has been emitted with its current accumulators,
 * so a late row knows what to retract without any extra state.
 *
 * <p>Over a TIMESTAMP_LTZ rowtime in a session zone ({@link SessionWindowAggregateSpec#timeZone()})
 * sessions are built on local time, as in Flink ({@link WindowTimeZone}): session starts and ends
 * in state are local, timer and watermark times are instants ({@link #fireTime}).
 */
public final class SessionWindowAggregateOperator implements StreamOperator {
    static final String STATE_FILE = "session.bin";
    private static final Long SESSIONS = 0L;

    private final int timeIndex;
    private final long gap;
    private final long lateness;
    private final AggregateFunctions functions;
    private final WindowTimeZone zone;
    private final WindowRows resultRows;
    private final RowKeys keys;
    private final EventTimeState state;
    private final KeyedStateBackend backend;
    private final MapState<Long, Long, Long> sessionEnds;
    private final ValueState<Long, Accumulator[]> accumulators;
    private final TimerService<Long> timers;
    private final OperatorMetrics metrics;
    private final TimerService.Callback<Long> onTimer = this::fire;
    private final EventTimeClock eventTime = new EventTimeClock();

    public SessionWindowAggregateOperator(SessionWindowAggregateSpec spec, RowType inputType, OperatorContext context)
            throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(context, "context is null");
        this.timeIndex = spec.timeIndex();
        this.gap = spec.gapMillis();
        this.lateness = spec.allowedLatenessMillis();
        this.functions = new AggregateFunctions(spec.aggregateCalls(), inputType);
        this.zone = WindowTimeZone.of(spec.timeZone());
        this.resultRows = new WindowRows(zone, spec.windowTime(), functions.size());
        this.metrics = context.metrics();

        this.keys = new RowKeys(spec.keyIndices(), inputType);
        this.state = EventTimeState.open(keys, context, STATE_FILE);
        this.backend = state.backend();
        this.sessionEnds = state.declare(b -> b.mapState(new StateDescriptor<>("session-ends", Serializers.LONG,
                Serializers.LONG), Serializers.LONG));
        this.accumulators = state.declare(b -> b.valueState(new StateDescriptor<>("session-accumulators",
                Serializers.LONG, functions)));
        this.timers = state.declare(b -> b.timerService("session-timers", Serializers.LONG));
        eventTime.restore(state.restoredWatermark());
    }

    @Override
    public void processElement(Row row, Output out) {
        Object time = row.field(timeIndex);
        if (time == null) {
            // A row without event time belongs to no session (Flink drops it too).
            LateRows.drop(row, out, metrics);
            return;
        }
        long ts = zone.toLocal((Long) time);
        Row key = keys.key(row);
        backend.setCurrentKey(key);
        Map<Long, Long> open = sessionEnds.entries(SESSIONS);
        long start = ts;
        long end = ts + gap;
        // One pass, as Flink's MergingWindowSet: every open session the row's own window touches joins it.
        for (Map.Entry<Long, Long> s : open.entrySet()) {
            if (s.getKey() <= ts + gap && s.getValue() >= ts) {
                start = Math.min(start, s.getKey());
                end = Math.max(end, s.getValue());
            }
        }
        if (cleanupTime(fireTime(end)) <= eventTime.watermark()) {
            LateRows.drop(row, out, metrics);
            return;
        }
        Accumulator[] accs = null;
        Object[] before = null;
        for (Map.Entry<Long, Long> s : open.entrySet()) {
            long sStart = s.getKey();
            long sEnd = s.getValue();
            if (sStart <= ts + gap && sEnd >= ts) {
                Accumulator[] stored = accumulators.value(sStart);
                if (stored != null && fireTime(sEnd) <= eventTime.watermark()) {
                    // A fired session (allowed lateness): retracted, or updated in place below.
                    Object[] emitted = values(key, sStart, sEnd, stored);
                    if (sStart == start && sEnd == end) {
                        before = emitted;
                    } else {
                        out.collect(Row.wrap(RowKind.DELETE, emitted));
                    }
                }
                if (accs == null) {
                    accs = stored;
                } else if (stored != null) {
                    functions.merge(accs, stored);
                }
                if (sStart != start || sEnd != end) {
                    accumulators.clear(sStart);
                    sessionEnds.remove(SESSIONS, sStart);
                    timers.deleteEventTimeTimer(sStart, fireTime(sEnd));
                    if (lateness > 0) {
                        timers.deleteEventTimeTimer(sStart, cleanupTime(fireTime(sEnd)));
                    }
                }
            }
        }
        if (accs == null) {
            accs = functions.createAccumulators();
        }
        functions.accumulate(accs, row);
        accumulators.update(start, accs);
        sessionEnds.put(SESSIONS, start, end);
        if (fireTime(end) > eventTime.watermark()) {
            timers.registerEventTimeTimer(start, fireTime(end));
            return;
        }
        // Within the allowed lateness, the session has already ended: its (new) result goes out at once.
        WindowRows.emitChange(before, values(key, start, end, accs), out);
        timers.registerEventTimeTimer(start, cleanupTime(fireTime(end)));
    }

    /** The instant at which a session ending at the local time {@code end} fires. */
    private long fireTime(long end) {
        return zone.fireTime(end);
    }

    /** When a session firing at {@code fireTime} drops its state: {@code fireTime + lateness}, saturated. */
    private long cleanupTime(long fireTime) {
        long t = fireTime + lateness;
        return t < fireTime ? Long.MAX_VALUE : t;
    }


    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        eventTime.processWatermark(watermark, out, timers, onTimer);
    }

    private void fire(Object key, Long start, long timestamp) {
        Accumulator[] accs = accumulators.value(start);
        Long end = sessionEnds.get(SESSIONS, start);
        if (accs == null || end == null) {
            return;
        }
        if (timestamp != fireTime(end)) {
            if (timestamp == cleanupTime(fireTime(end))) {
                // The cleanup timer: the allowed lateness has passed.
                accumulators.clear(start);
                sessionEnds.remove(SESSIONS, start);
            }
            return;
        }
        long cleanup = cleanupTime(timestamp);
        if (lateness > 0 && cleanup > eventTime.watermark()) {
            timers.registerEventTimeTimer(start, cleanup);
        } else {
            accumulators.clear(start);
            sessionEnds.remove(SESSIONS, start);
        }
        eventTime.firingOutput().collect(Row.wrap(RowKind.INSERT, values((Row) key, start, end, accs)));
    }

    private Object[] values(Row keyRow, long start, long end, Accumulator[] accs) {
        Object[] values = resultRows.values(keyRow, start, end);
        functions.results(accs, values, resultRows.aggregatesFrom(keyRow));
        return values;
    }

    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        state.snapshot(context, eventTime.watermark());
    }

    /** Open sessions over all keys (one timer each), for tests and metrics. */
    public int openSessions() {
        return timers.size();
    }

    @Override
    public void close() {
        state.close();
    }
}

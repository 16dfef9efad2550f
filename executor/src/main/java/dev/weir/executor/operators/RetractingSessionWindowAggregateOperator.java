package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.operators.agg.RetractingAggregates;
import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.MapState;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * Event-time SESSION window aggregation over an updating input
 * ({@link SessionWindowAggregateSpec#updatingInput()}; semantics in {@link SessionWindowAggregateSpec}).
 *
 * <p>Per key, keyed state holds the open sessions ({@code start → end} in a map, namespace 0) and,
 * in the namespace of each session's start, {@link RetractingAggregates}' state: a row count,
 * retractable accumulators and the MIN/MAX/DISTINCT value multisets; plus one event-time timer per
 * session at {@code end - 1} (namespace = start). A {@code +I}/{@code +U} row opens, extends or
 * merges sessions as in {@link SessionWindowAggregateOperator}; merged sessions move their state
 * into the merged session's start ({@link RetractingAggregates#merge}). A {@code -U}/{@code -D}
 * row is taken back from the open session containing its rowtime and never changes a session's
 * bounds: a session whose rows were all retracted stays open and fires without a row. The result
 * is insert-only: a fired session's state is gone, so a change that would reach it is late.
 *
 * <p>Over a TIMESTAMP_LTZ rowtime in a session zone sessions are on local time
 * ({@link WindowTimeZone}): starts and ends in state are local, timer and watermark times are instants.
 */
public final class RetractingSessionWindowAggregateOperator implements StreamOperator {
    static final String STATE_FILE = "session.bin";
    private static final Long SESSIONS = 0L;

    private final int timeIndex;
    private final long gap;
    private final RetractingAggregates aggregates;
    private final WindowTimeZone zone;
    private final WindowRows resultRows;
    private final RowKeys keys;
    private final EventTimeState state;
    private final KeyedStateBackend backend;
    private final MapState<Long, Long, Long> sessionEnds;
    private final TimerService<Long> timers;
    private final OperatorMetrics metrics;
    private final TimerService.Callback<Long> onTimer = this::fire;
    private final EventTimeClock eventTime = new EventTimeClock();

    public RetractingSessionWindowAggregateOperator(SessionWindowAggregateSpec spec, RowType inputType,
            OperatorContext context) throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(context, "context is null");
        if (!spec.updatingInput()) {
            throw new IllegalArgumentException("not a session window aggregation over an updating input: "
                    + spec.describe());
        }
        this.timeIndex = spec.timeIndex();
        this.gap = spec.gapMillis();
        this.zone = WindowTimeZone.of(spec.timeZone());
        this.resultRows = new WindowRows(zone, spec.windowTime(), spec.aggregateCalls().size());
        this.metrics = context.metrics();

        this.keys = new RowKeys(spec.keyIndices(), inputType);
        this.state = EventTimeState.open(keys, context, STATE_FILE);
        this.backend = state.backend();
        this.sessionEnds = state.declare(b -> b.mapState(new StateDescriptor<>("session-ends", Serializers.LONG,
                Serializers.LONG), Serializers.LONG));
        this.aggregates = state.declare(b -> new RetractingAggregates(spec.aggregateCalls(), inputType, b));
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
        backend.setCurrentKey(keys.key(row));
        Map<Long, Long> open = sessionEnds.entries(SESSIONS);
        if (row.kind().isAccumulate()) {
            accumulate(row, ts, open, out);
        } else {
            retract(row, ts, open, out);
        }
    }

    private void accumulate(Row row, long ts, Map<Long, Long> open, Output out) {
        long start = ts;
        long end = ts + gap;
        // One pass, as Flink's MergingWindowSet: every open session the row's own window touches joins it.
        for (Map.Entry<Long, Long> s : open.entrySet()) {
            if (s.getKey() <= ts + gap && s.getValue() >= ts) {
                start = Math.min(start, s.getKey());
                end = Math.max(end, s.getValue());
            }
        }
        if (fireTime(end) <= eventTime.watermark()) {
            LateRows.drop(row, out, metrics);
            return;
        }
        Long into = start;
        RetractingAggregates.Accumulators target = aggregates.value(into);
        if (target == null) {
            target = aggregates.create();
        }
        for (Map.Entry<Long, Long> s : open.entrySet()) {
            long sStart = s.getKey();
            long sEnd = s.getValue();
            if (sStart > ts + gap || sEnd < ts || (sStart == start && sEnd == end)) {
                continue;
            }
            timers.deleteEventTimeTimer(sStart, fireTime(sEnd));
            if (sStart != start) {
                RetractingAggregates.Accumulators source = aggregates.value(sStart);
                if (source != null) {
                    aggregates.merge(sStart, source, into, target);
                }
                sessionEnds.remove(SESSIONS, sStart);
            }
        }
        aggregates.accumulate(into, target, row);
        aggregates.update(into, target);
        sessionEnds.put(SESSIONS, into, end);
        timers.registerEventTimeTimer(into, fireTime(end));
    }

    /** A retraction changes no session's bounds: it is taken back from the open session containing its time. */
    private void retract(Row row, long ts, Map<Long, Long> open, Output out) {
        for (Map.Entry<Long, Long> s : open.entrySet()) {
            if (s.getKey() <= ts && ts < s.getValue()) {
                Long namespace = s.getKey();
                RetractingAggregates.Accumulators accs = aggregates.value(namespace);
                if (accs != null) {
                    aggregates.retract(namespace, accs, row);
                    aggregates.update(namespace, accs);
                }
                return;
            }
        }
        if (fireTime(ts + gap) <= eventTime.watermark()) {
            // the session its row was accumulated into has fired
            LateRows.drop(row, out, metrics);
        }
        // otherwise nothing to take back (its row was never accumulated), as the group aggregate ignores it
    }

    /** The instant at which a session ending at the local time {@code end} fires. */
    private long fireTime(long end) {
        return zone.fireTime(end);
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        eventTime.processWatermark(watermark, out, timers, onTimer);
    }

    private void fire(Object key, Long start, long timestamp) {
        Long end = sessionEnds.get(SESSIONS, start);
        if (end == null || timestamp != fireTime(end)) {
            return;
        }
        RetractingAggregates.Accumulators accs = aggregates.value(start);
        aggregates.clear(start);
        sessionEnds.remove(SESSIONS, start);
        if (accs != null && accs.rows() > 0) {
            eventTime.firingOutput().collect(Row.wrap(RowKind.INSERT, values((Row) key, start, end, accs)));
        }
    }

    private Object[] values(Row keyRow, long start, long end, RetractingAggregates.Accumulators accs) {
        Object[] values = resultRows.values(keyRow, start, end);
        aggregates.results(accs, values, resultRows.aggregatesFrom(keyRow));
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

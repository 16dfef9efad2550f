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
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.executor.plan.WindowKind;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import dev.weir.state.ValueState;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Event-time HOP and CUMULATE window aggregation over slices (semantics in
 * {@link WindowAggregateSpec}, arithmetic in {@link SliceAssigner}).
 *
 * <p>Each row updates exactly one slice accumulator: overlapping windows share slices instead of
 * each row updating every window it belongs to. Rows are pre-aggregated in memory per (key, slice)
 * and merged into keyed state ({@code ValueState<slice start, accumulators>}) before windows fire,
 * before a snapshot and when the buffer is full. Per key, one event-time timer (namespace = window
 * end, at {@code end - 1}) stands for the next window to fire: when it fires, the window's slices
 * are merged into its result, the slices no later window needs are cleared, and the timer of the
 * key's next window is registered if some slice is still needed.
 *
 * <p>The operator remembers the fire times of windows that may have data, so watermarks that
 * fire nothing cost one comparison. The current watermark and those fire times are part of the
 * snapshot.
 *
 * <p>With allowed lateness L, a fired window keeps its slices: the slices it does not share with
 * a later window are cleared by a cleanup timer (same namespace, the window end, at
 * {@code end - 1 + L}) instead of when it fires. A late row within L goes straight to keyed
 * state; each fired window it belongs to whose lateness has not passed is recomputed from its
 * slices before and after, emitting -U/+U (+I for a key the window had no row of; nothing when
 * equal), and windows not fired yet just accumulate it.
 *
 * <p>Over a TIMESTAMP_LTZ rowtime in a session zone ({@link WindowAggregateSpec#timeZone()})
 * slices and windows are on local time ({@link WindowTimeZone}): slice starts and window ends
 * (state and timer namespaces) are local, timer, fire and watermark times are instants
 * ({@link #fireTime}).
 */
public final class SlicingWindowAggregateOperator implements StreamOperator {
    static final int MAX_BUFFERED = 65_536;
    static final String STATE_FILE = "window.bin";

    private final int timeIndex;
    private final WindowTimeZone zone;
    private final WindowRows resultRows;
    private final SliceAssigner slices;
    private final long slice;
    private final long lateness;
    private final AggregateFunctions functions;
    private final RowKeys keys;
    private final EventTimeState state;
    private final KeyedStateBackend backend;
    private final ValueState<Long, Accumulator[]> sliceState;
    private final TimerService<Long> timers;
    private final OperatorMetrics metrics;
    private final Map<WindowKey, Accumulator[]> buffer = new HashMap<>();
    /** Fire times ({@code end - 1}) of windows that may have data; a hint for when to advance the timers. */
    private final NavigableSet<Long> pendingFireTimes = new TreeSet<>();
    private final TimerService.Callback<Long> onTimer = this::fire;
    /** Cleanup times registered while firing, added to the pending times once the firing is done. */
    private final java.util.List<Long> newCleanupTimes = new java.util.ArrayList<>();
    private long nextFireTime = Long.MAX_VALUE;
    private long lastSliceWithFireTimes = Long.MIN_VALUE;
    private final EventTimeClock eventTime = new EventTimeClock();

    public SlicingWindowAggregateOperator(WindowAggregateSpec spec, RowType inputType, OperatorContext context)
            throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(context, "context is null");
        if (spec.kind() == WindowKind.TUMBLE) {
            throw new IllegalArgumentException("TUMBLE windows run in WindowAggregateOperator: " + spec.describe());
        }
        this.timeIndex = spec.timeIndex();
        this.zone = WindowTimeZone.of(spec.timeZone());
        this.slices = new SliceAssigner(spec);
        this.slice = slices.sliceMillis();
        this.lateness = spec.allowedLatenessMillis();
        this.functions = new AggregateFunctions(spec.aggregateCalls(), inputType);
        this.resultRows = new WindowRows(zone, spec.windowTime(), functions.size());
        this.metrics = context.metrics();

        this.keys = new RowKeys(spec.keyIndices(), inputType);
        this.state = EventTimeState.open(keys, context, STATE_FILE);
        this.backend = state.backend();
        this.sliceState = state.declare(b -> b.valueState(new StateDescriptor<>("slice-accumulators",
                Serializers.LONG, functions)));
        this.timers = state.declare(b -> b.timerService("window-timers", Serializers.LONG));
        eventTime.restore(state.restoredWatermark());
        pendingFireTimes.addAll(state.restoredTimes());
        nextFireTime = pendingFireTimes.isEmpty() ? Long.MAX_VALUE : pendingFireTimes.first();
    }

    @Override
    public void processElement(Row row, Output out) {
        Object time = row.field(timeIndex);
        if (time == null) {
            // A row without event time belongs to no window (Flink drops it too).
            LateRows.drop(row, out, metrics);
            return;
        }
        long sliceStart = slices.sliceStart(zone.toLocal((Long) time));
        long lastFire = fireTime(slices.lastEnd(sliceStart));
        if (lastFire <= eventTime.watermark()) {
            // Every window of the slice has fired: the row is late.
            if (lateness > 0 && cleanupTime(lastFire) > eventTime.watermark()) {
                updateFiredWindows(row, sliceStart, out);
            } else {
                LateRows.drop(row, out, metrics);
            }
            return;
        }
        if (lateness > 0 && fireTime(slices.firstEnd(sliceStart)) <= eventTime.watermark()) {
            // Some windows of the slice have fired: they are updated, the others accumulate.
            updateFiredWindows(row, sliceStart, out);
            return;
        }
        WindowKey windowKey = new WindowKey(keys.key(row), sliceStart);
        Accumulator[] accs = buffer.get(windowKey);
        if (accs == null) {
            if (buffer.size() >= MAX_BUFFERED) {
                flushBuffer();
            }
            accs = functions.createAccumulators();
            buffer.put(windowKey, accs);
            if (sliceStart != lastSliceWithFireTimes) {
                addFireTimes(sliceStart);
            }
        }
        functions.accumulate(accs, row);
    }


    /** The instant at which the window ending at the local time {@code end} fires. */
    private long fireTime(long end) {
        return zone.fireTime(end);
    }

    /** When a window firing at {@code fireTime} drops its state: {@code fireTime + lateness}, saturated. */
    private long cleanupTime(long fireTime) {
        long t = fireTime + lateness;
        return t < fireTime ? Long.MAX_VALUE : t;
    }

    /**
     * A row some of whose windows have fired, within the allowed lateness: accumulated into its
     * slice in keyed state; each fired window still within its lateness emits its change; the
     * first unfired window (if any) gets its timer as a flushed slice would.
     */
    private void updateFiredWindows(Row row, long sliceStart, Output out) {
        Row key = keys.key(row);
        // The buffer may hold the same (key, slice): merge it first so that state has the whole slice.
        Accumulator[] buffered = buffer.remove(new WindowKey(key, sliceStart));
        backend.setCurrentKey(key);
        Accumulator[] sliceAccs = sliceState.value(sliceStart);
        if (buffered != null) {
            if (sliceAccs == null) {
                sliceAccs = buffered;
            } else {
                functions.merge(sliceAccs, buffered);
            }
        }
        long last = slices.lastEnd(sliceStart);
        for (long end = slices.firstEnd(sliceStart); end <= last && fireTime(end) <= eventTime.watermark();
                end = slices.nextEnd(end)) {
            long cleanup = cleanupTime(fireTime(end));
            if (cleanup <= eventTime.watermark()) {
                continue; // this window's lateness has passed: its other slices may be gone
            }
            long start = slices.windowStart(end);
            Accumulator[] merged = mergeWindow(start, end, sliceStart, sliceAccs);
            Object[] before = merged == null ? null : values(key, start, end, merged);
            if (merged == null) {
                merged = functions.createAccumulators();
                timers.registerEventTimeTimer(end, cleanup);
                addPending(cleanup);
            }
            functions.accumulate(merged, row);
            WindowRows.emitChange(before, values(key, start, end, merged), out);
        }
        if (sliceAccs == null) {
            sliceAccs = functions.createAccumulators();
        }
        functions.accumulate(sliceAccs, row);
        sliceState.update(sliceStart, sliceAccs);
        if (fireTime(last) > eventTime.watermark()) {
            long end = firstUnfiredEnd(sliceStart);
            timers.registerEventTimeTimer(end, fireTime(end));
            addPending(fireTime(end));
        }
    }

    private void addPending(long time) {
        pendingFireTimes.add(time);
        if (time < nextFireTime) {
            nextFireTime = time;
        }
    }

    /**
     * The window's accumulators merged from its slices in keyed state (the current key's), with
     * {@code current} standing for slice {@code currentSlice}; null when no slice has any.
     */
    private Accumulator[] mergeWindow(long start, long end, long currentSlice, Accumulator[] current) {
        Accumulator[] result = null;
        for (long s = start; s < end; s += slice) {
            Accumulator[] accs = s == currentSlice ? current : sliceState.value(s);
            if (accs == null) {
                continue;
            }
            if (result == null) {
                result = functions.createAccumulators();
            }
            functions.merge(result, accs);
        }
        return result;
    }

    /** The end of the first window of the slice that has not fired yet. */
    private long firstUnfiredEnd(long sliceStart) {
        long end = slices.firstEnd(sliceStart);
        while (fireTime(end) <= eventTime.watermark()) {
            end = slices.nextEnd(end);
        }
        return end;
    }

    private void addFireTimes(long sliceStart) {
        long last = slices.lastEnd(sliceStart);
        for (long end = firstUnfiredEnd(sliceStart); end <= last; end = slices.nextEnd(end)) {
            pendingFireTimes.add(fireTime(end));
        }
        long first = pendingFireTimes.first();
        if (first < nextFireTime) {
            nextFireTime = first;
        }
        lastSliceWithFireTimes = sliceStart;
    }

    /** Merges the buffer into keyed state; each (key, slice) gets the timer of its first unfired window. */
    private void flushBuffer() {
        for (Map.Entry<WindowKey, Accumulator[]> e : buffer.entrySet()) {
            WindowKey wk = e.getKey();
            backend.setCurrentKey(wk.key);
            Long namespace = wk.windowStart;
            Accumulator[] stored = sliceState.value(namespace);
            if (stored == null) {
                sliceState.update(namespace, e.getValue());
            } else {
                functions.merge(stored, e.getValue());
                sliceState.update(namespace, stored);
            }
            long end = firstUnfiredEnd(wk.windowStart);
            timers.registerEventTimeTimer(end, fireTime(end));
        }
        buffer.clear();
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        if (watermark <= eventTime.watermark()) {
            return;
        }
        if (nextFireTime <= watermark) {
            // Flushed under the previous watermark, so the timers of the windows about to fire are registered.
            flushBuffer();
            eventTime.advance(watermark);
            eventTime.fireTimers(timers, watermark, onTimer, out);
            pendingFireTimes.headSet(watermark, true).clear();
            if (!newCleanupTimes.isEmpty()) {
                pendingFireTimes.addAll(newCleanupTimes);
                newCleanupTimes.clear();
            }
            nextFireTime = pendingFireTimes.isEmpty() ? Long.MAX_VALUE : pendingFireTimes.first();
        } else {
            eventTime.advance(watermark);
        }
        out.emitWatermark(watermark);
    }

    /** Fires the window ending at {@code end} for the timer's key (the backend's current key). */
    private void fire(Object key, Long end, long timestamp) {
        long start = slices.windowStart(end);
        if (timestamp != fireTime(end)) {
            // The cleanup timer: the allowed lateness has passed; clear the slices no later window needs.
            for (long s = start; s < end; s += slice) {
                if (slices.lastEnd(s) <= end) {
                    sliceState.clear(s);
                }
            }
            return;
        }
        long cleanup = cleanupTime(timestamp);
        boolean keep = lateness > 0 && cleanup > eventTime.watermark();
        Accumulator[] result = null;
        boolean stillNeeded = false;
        for (long s = start; s < end; s += slice) {
            Accumulator[] accs = sliceState.value(s);
            if (accs == null) {
                continue;
            }
            if (result == null) {
                result = functions.createAccumulators();
            }
            functions.merge(result, accs);
            if (slices.lastEnd(s) > end) {
                stillNeeded = true;
            } else if (!keep) {
                sliceState.clear(s);
            }
        }
        if (result != null) {
            emit((Row) key, start, end, result);
            if (keep) {
                timers.registerEventTimeTimer(end, cleanup);
                newCleanupTimes.add(cleanup);
            }
        }
        if (stillNeeded) {
            long next = slices.nextEnd(end);
            timers.registerEventTimeTimer(next, fireTime(next));
        }
    }

    private void emit(Row keyRow, long start, long end, Accumulator[] accs) {
        eventTime.firingOutput().collect(Row.wrap(RowKind.INSERT, values(keyRow, start, end, accs)));
    }

    private Object[] values(Row keyRow, long start, long end, Accumulator[] accs) {
        Object[] values = resultRows.values(keyRow, start, end);
        functions.results(accs, values, resultRows.aggregatesFrom(keyRow));
        return values;
    }

    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        flushBuffer();
        state.snapshot(context, eventTime.watermark(), pendingFireTimes);
    }

    public long currentWatermark() {
        return eventTime.watermark();
    }

    /** Registered timers, i.e. keys with a window still to fire, for tests and metrics. */
    public int pendingWindows() {
        return timers.size();
    }

    @Override
    public void close() {
        state.close();
    }
}

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
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import dev.weir.state.ValueState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Event-time TUMBLE window aggregation (semantics in {@link WindowAggregateSpec}); HOP and CUMULATE
 * run in {@link SlicingWindowAggregateOperator}.
 *
 * <p>Rows are pre-aggregated in an in-memory buffer keyed by (key, window start), so keyed state
 * is touched at most once per key and window rather than once per row. The buffer is merged into
 * keyed state ({@code ValueState<window start, accumulators>}, plus one event-time timer per key
 * and window at {@code end - 1}) before a snapshot and when it holds {@value #MAX_BUFFERED}
 * entries. When a window fires, entries of windows that never reached keyed state are emitted
 * straight from the buffer (no state access at all: the common case between two checkpoints);
 * entries of windows with stored state are merged into it and fired through their timers.
 *
 * <p>Watermarks arrive for nearly every row (see {@link WatermarkAssignerOperator}), so the
 * common case must be cheap: the operator remembers the earliest pending fire time and does
 * nothing more until the watermark reaches it. The current watermark and the pending fire times
 * are part of the snapshot.
 *
 * <p>With allowed lateness L, a fired window's accumulators stay in keyed state with a cleanup
 * timer at {@code end - 1 + L} (same namespace, told apart from the fire timer by its time); a
 * late row within L updates them and emits -U/+U (or +I for a key new to the window). Cleanup
 * times join the pending fire times, so they are snapshotted and wake the operator the same way.
 *
 * <p>Over a TIMESTAMP_LTZ rowtime in a session zone ({@link WindowAggregateSpec#timeZone()})
 * windows are on local time ({@link WindowTimeZone}): window starts (buffer keys, state
 * namespaces) are local, while fire, cleanup and watermark times are instants. A window's fire
 * time is always computed from its start, never the other way round: with daylight saving the
 * two are not a fixed distance apart.
 */
public final class WindowAggregateOperator implements StreamOperator {
    static final int MAX_BUFFERED = 65_536;
    static final String STATE_FILE = "window.bin";

    private final int timeIndex;
    private final long size;
    private final long offset;
    private final long lateness;
    private final AggregateFunctions functions;
    private final WindowTimeZone zone;
    private final WindowRows resultRows;
    private final RowKeys keys;
    private final EventTimeState state;
    private final KeyedStateBackend backend;
    private final ValueState<Long, Accumulator[]> windows;
    private final TimerService<Long> timers;
    private final OperatorMetrics metrics;
    private final Map<WindowKey, Accumulator[]> buffer = new HashMap<>();
    /** Fire times ({@code end - 1}) of windows with buffered or stored data. */
    private final NavigableSet<Long> pendingFireTimes = new TreeSet<>();
    /** Fire times of windows that may have entries in keyed state (others live only in the buffer). */
    private final NavigableSet<Long> storedFireTimes = new TreeSet<>();
    private final List<WindowKey> dueKeys = new ArrayList<>();
    private final List<Accumulator[]> dueAccumulators = new ArrayList<>();
    /** Cleanup times registered while firing, added to the pending times once the firing loop is done. */
    private final List<Long> newCleanupTimes = new ArrayList<>();
    private long nextFireTime = Long.MAX_VALUE;
    private long lastAddedFireTime = Long.MIN_VALUE;
    private final EventTimeClock eventTime = new EventTimeClock();
    private final TimerService.Callback<Long> onTimer = this::fire;

    public WindowAggregateOperator(WindowAggregateSpec spec, RowType inputType, OperatorContext context)
            throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(context, "context is null");
        this.timeIndex = spec.timeIndex();
        this.size = spec.sizeMillis();
        this.offset = spec.offsetMillis();
        this.lateness = spec.allowedLatenessMillis();
        this.functions = new AggregateFunctions(spec.aggregateCalls(), inputType);
        this.zone = WindowTimeZone.of(spec.timeZone());
        this.resultRows = new WindowRows(zone, spec.windowTime(), functions.size());
        if (spec.kind() != dev.weir.executor.plan.WindowKind.TUMBLE) {
            throw new IllegalArgumentException("not a TUMBLE window: " + spec.describe());
        }
        this.metrics = context.metrics();

        this.keys = new RowKeys(spec.keyIndices(), inputType);
        this.state = EventTimeState.open(keys, context, STATE_FILE);
        this.backend = state.backend();
        this.windows = state.declare(b -> b.valueState(new StateDescriptor<>("window-accumulators", Serializers.LONG,
                functions)));
        this.timers = state.declare(b -> b.timerService("window-timers", Serializers.LONG));
        eventTime.restore(state.restoredWatermark());
        pendingFireTimes.addAll(state.restoredTimes());
        // A snapshot flushes the buffer, so every pending window may have stored entries.
        storedFireTimes.addAll(pendingFireTimes);
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
        long ts = zone.toLocal((Long) time);
        long start = ts - Math.floorMod(ts - offset, size);
        long fireTime = zone.fireTime(start + size);
        if (fireTime <= eventTime.watermark()) {
            if (lateness > 0 && cleanupTime(fireTime) > eventTime.watermark()) {
                updateFiredWindow(row, start, fireTime, out);
            } else {
                LateRows.drop(row, out, metrics);
            }
            return;
        }
        WindowKey windowKey = new WindowKey(keys.key(row), start);
        Accumulator[] accs = buffer.get(windowKey);
        if (accs == null) {
            if (buffer.size() >= MAX_BUFFERED) {
                flushBuffer();
                storedFireTimes.addAll(pendingFireTimes);
            }
            accs = functions.createAccumulators();
            buffer.put(windowKey, accs);
            if (fireTime != lastAddedFireTime) {
                addFireTime(fireTime);
            }
        }
        functions.accumulate(accs, row);
    }


    /** When a window firing at {@code fireTime} drops its state: {@code fireTime + lateness}, saturated. */
    private long cleanupTime(long fireTime) {
        long t = fireTime + lateness;
        return t < fireTime ? Long.MAX_VALUE : t;
    }

    /**
     * A late row within the allowed lateness: updates the fired window in keyed state and emits
     * the change, -U/+U, +I for a key the window had no row of, nothing when the result is equal.
     */
    private void updateFiredWindow(Row row, long start, long fireTime, Output out) {
        Row key = keys.key(row);
        backend.setCurrentKey(key);
        Accumulator[] accs = windows.value(start);
        Object[] before = null;
        if (accs == null) {
            accs = functions.createAccumulators();
            long cleanup = cleanupTime(fireTime);
            timers.registerEventTimeTimer(start, cleanup);
            pendingFireTimes.add(cleanup);
            storedFireTimes.add(cleanup);
            nextFireTime = Math.min(nextFireTime, cleanup);
        } else {
            before = values(key, start, accs);
        }
        functions.accumulate(accs, row);
        windows.update(start, accs);
        WindowRows.emitChange(before, values(key, start, accs), out);
    }

    private void addFireTime(long fireTime) {
        pendingFireTimes.add(fireTime);
        lastAddedFireTime = fireTime;
        if (fireTime < nextFireTime) {
            nextFireTime = fireTime;
        }
    }

    /** Merges the whole buffer into keyed state and registers the windows' timers. */
    private void flushBuffer() {
        for (Map.Entry<WindowKey, Accumulator[]> e : buffer.entrySet()) {
            store(e.getKey(), e.getValue());
        }
        buffer.clear();
    }

    /** The instant at which the window starting at the local time {@code windowStart} fires. */
    private long fireTimeOf(long windowStart) {
        return zone.fireTime(windowStart + size);
    }

    private void store(WindowKey wk, Accumulator[] accs) {
        long fireTime = fireTimeOf(wk.windowStart);
        backend.setCurrentKey(wk.key);
        Long namespace = wk.windowStart;
        // Skips the state lookup for windows never stored before: the common case, and a miss costs a RocksDB get.
        Accumulator[] stored = storedFireTimes.contains(fireTime) ? windows.value(namespace) : null;
        if (stored == null) {
            windows.update(namespace, accs);
            timers.registerEventTimeTimer(namespace, fireTime);
        } else {
            functions.merge(stored, accs);
            windows.update(namespace, stored);
        }
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        if (eventTime.advance(watermark)) {
            if (nextFireTime <= watermark) {
                fireWindows(watermark, out);
            }
            out.emitWatermark(watermark);
        }
    }

    /**
     * Fires every window with {@code end - 1 <= watermark}, in fire-time order. Windows that never
     * reached keyed state are emitted straight from the buffer, touching no state or timer at all;
     * the others are merged into state and fired through their timers.
     */
    private void fireWindows(long watermark, Output out) throws Exception {
        for (Iterator<Map.Entry<WindowKey, Accumulator[]>> it = buffer.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<WindowKey, Accumulator[]> e = it.next();
            WindowKey wk = e.getKey();
            long fireTime = fireTimeOf(wk.windowStart);
            if (fireTime <= watermark) {
                it.remove();
                if (storedFireTimes.contains(fireTime)) {
                    store(wk, e.getValue());
                } else {
                    dueKeys.add(wk);
                    dueAccumulators.add(e.getValue());
                }
            }
        }
        int[] order = orderByWindowStart(dueKeys);
        int next = 0;
        try {
            for (Long fireTime : pendingFireTimes.headSet(watermark, true)) {
                // Due windows in start order, up to this fire time (fire times grow with starts).
                while (next < order.length && fireTimeOf(dueKeys.get(order[next]).windowStart) <= fireTime) {
                    int i = order[next++];
                    long start = dueKeys.get(i).windowStart;
                    emit(dueKeys.get(i).key, start, dueAccumulators.get(i), out);
                    keepForLateRows(dueKeys.get(i).key, start, dueAccumulators.get(i));
                }
                if (storedFireTimes.contains(fireTime)) {
                    eventTime.fireTimers(timers, fireTime, onTimer, out);
                }
            }
            while (next < order.length) { // not expected: every buffered window's fire time is pending
                int i = order[next++];
                emit(dueKeys.get(i).key, dueKeys.get(i).windowStart, dueAccumulators.get(i), out);
                keepForLateRows(dueKeys.get(i).key, dueKeys.get(i).windowStart, dueAccumulators.get(i));
            }
        } finally {
            dueKeys.clear();
            dueAccumulators.clear();
        }
        pendingFireTimes.headSet(watermark, true).clear();
        storedFireTimes.headSet(watermark, true).clear();
        if (!newCleanupTimes.isEmpty()) {
            pendingFireTimes.addAll(newCleanupTimes);
            storedFireTimes.addAll(newCleanupTimes);
            newCleanupTimes.clear();
        }
        nextFireTime = pendingFireTimes.isEmpty() ? Long.MAX_VALUE : pendingFireTimes.first();
        lastAddedFireTime = Long.MIN_VALUE;
    }

    /** Indices of {@code keys} sorted by window start (usually all equal: nothing to sort). */
    private static int[] orderByWindowStart(List<WindowKey> keys) {
        int n = keys.size();
        Integer[] boxed = new Integer[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
            if (i > 0 && keys.get(i).windowStart < keys.get(i - 1).windowStart) {
                sorted = false;
            }
        }
        if (!sorted) {
            java.util.Arrays.sort(boxed, (a, b) -> Long.compare(keys.get(a).windowStart, keys.get(b).windowStart));
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = boxed[i];
        }
        return order;
    }

    private void fire(Object key, Long windowStart, long timestamp) {
        if (timestamp != fireTimeOf(windowStart)) {
            windows.clear(windowStart); // the cleanup timer: the allowed lateness has passed
            return;
        }
        Accumulator[] accs = windows.value(windowStart);
        if (accs != null) {
            long cleanup = cleanupTime(timestamp);
            if (lateness > 0 && cleanup > eventTime.watermark()) {
                timers.registerEventTimeTimer(windowStart, cleanup);
                newCleanupTimes.add(cleanup);
            } else {
                windows.clear(windowStart);
            }
            emit((Row) key, windowStart, accs, eventTime.firingOutput());
        }
    }

    /** With allowed lateness, a window fired straight from the buffer goes to keyed state for late rows. */
    private void keepForLateRows(Row key, long windowStart, Accumulator[] accs) {
        long cleanup = cleanupTime(fireTimeOf(windowStart));
        if (lateness == 0 || cleanup <= eventTime.watermark()) {
            return;
        }
        backend.setCurrentKey(key);
        windows.update(windowStart, accs);
        timers.registerEventTimeTimer(windowStart, cleanup);
        newCleanupTimes.add(cleanup);
    }

    private void emit(Row keyRow, long windowStart, Accumulator[] accs, Output out) {
        out.collect(Row.wrap(RowKind.INSERT, values(keyRow, windowStart, accs)));
    }

    private Object[] values(Row keyRow, long windowStart, Accumulator[] accs) {
        Object[] values = resultRows.values(keyRow, windowStart, windowStart + size);
        functions.results(accs, values, resultRows.aggregatesFrom(keyRow));
        return values;
    }

    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        flushBuffer();
        storedFireTimes.addAll(pendingFireTimes);
        state.snapshot(context, eventTime.watermark(), pendingFireTimes);
    }

    public long currentWatermark() {
        return eventTime.watermark();
    }

    /** Registered timers, i.e. (key, window) pairs held in keyed state, for tests and metrics. */
    public int pendingWindows() {
        return timers.size();
    }

    @Override
    public void close() {
        state.close();
    }
}

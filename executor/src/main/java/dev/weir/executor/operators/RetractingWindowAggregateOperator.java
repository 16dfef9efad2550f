package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.operators.agg.RetractingAggregates;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.executor.plan.WindowKind;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.TimerService;
import java.io.IOException;
import java.util.Objects;

/**
 * Event-time TUMBLE, HOP and CUMULATE window aggregation over an updating input
 * ({@link WindowAggregateSpec#updatingInput()}; semantics in {@link WindowAggregateSpec}).
 *
 * <p>Per (key, window) keyed state holds {@link RetractingAggregates}' state in the namespace of
 * the window's (local) end, which identifies the window among a key's windows for all three kinds:
 * a row count, retractable accumulators, and for MIN, MAX and DISTINCT a multiset of values. A
 * {@code +I}/{@code +U} row accumulates into every window its rowtime belongs to that has not
 * fired yet, a {@code -U}/{@code -D} row is taken back from them; a window whose row count drops
 * to 0 loses its state and its timer at once. A retraction for a window without state (its row
 * was never accumulated) is ignored, as Flink's GroupAggFunction does. One event-time timer per
 * (key, window) at {@code end - 1} fires it: a window with rows emits one {@code +I} row and its
 * state is cleared, so the result is insert-only. A change whose windows have all fired is late:
 * dropped and counted.
 *
 * <p>Simplicity over speed: no slices and no in-memory pre-aggregation, state is read and written
 * once per row and window (a HOP row touches size/slide windows). The watermark is part of the
 * snapshot; timers are in the keyed backend.
 *
 * <p>Over a TIMESTAMP_LTZ rowtime in a session zone ({@link WindowAggregateSpec#timeZone()})
 * windows are on local time ({@link WindowTimeZone}): window ends (namespaces) are local, timer
 * and watermark times are instants.
 */
public final class RetractingWindowAggregateOperator implements StreamOperator {
    static final String STATE_FILE = "window.bin";

    private final int timeIndex;
    private final WindowKind kind;
    private final long size;
    private final long slide;
    private final long offset;
    private final WindowTimeZone zone;
    private final WindowRows resultRows;
    private final SliceAssigner windowStarts;
    private final RetractingAggregates aggregates;
    private final RowKeys keys;
    private final EventTimeState state;
    private final KeyedStateBackend backend;
    private final TimerService<Long> timers;
    private final OperatorMetrics metrics;
    private final EventTimeClock eventTime = new EventTimeClock();
    private final TimerService.Callback<Long> onTimer = this::fire;
    /** Scratch: the local ends of the windows of the row being processed, ascending. */
    private final long[] ends;

    public RetractingWindowAggregateOperator(WindowAggregateSpec spec, RowType inputType, OperatorContext context)
            throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(context, "context is null");
        if (!spec.updatingInput()) {
            throw new IllegalArgumentException("not a window aggregation over an updating input: " + spec.describe());
        }
        this.timeIndex = spec.timeIndex();
        this.kind = spec.kind();
        this.size = spec.sizeMillis();
        this.slide = spec.slideMillis();
        this.offset = spec.offsetMillis();
        this.zone = WindowTimeZone.of(spec.timeZone());
        this.resultRows = new WindowRows(zone, spec.windowTime(), spec.aggregateCalls().size());
        this.windowStarts = new SliceAssigner(spec);
        this.metrics = context.metrics();
        this.ends = new long[(int) Math.min(Integer.MAX_VALUE - 8, (size + slide - 1) / slide + 1)];

        this.keys = new RowKeys(spec.keyIndices(), inputType);
        this.state = EventTimeState.open(keys, context, STATE_FILE);
        this.backend = state.backend();
        this.aggregates = state.declare(b -> new RetractingAggregates(spec.aggregateCalls(), inputType, b));
        this.timers = state.declare(b -> b.timerService("window-timers", Serializers.LONG));
        eventTime.restore(state.restoredWatermark());
    }

    @Override
    public void processElement(Row row, Output out) {
        Object time = row.field(timeIndex);
        if (time == null) {
            // A row without event time belongs to no window (Flink drops it too).
            LateRows.drop(row, out, metrics);
            return;
        }
        int n = windowEnds(zone.toLocal((Long) time));
        long watermark = eventTime.watermark();
        if (zone.fireTime(ends[n - 1]) <= watermark) {
            LateRows.drop(row, out, metrics); // every window of the change has fired
            return;
        }
        boolean retract = !row.kind().isAccumulate();
        backend.setCurrentKey(keys.key(row));
        for (int i = 0; i < n; i++) {
            long end = ends[i];
            long fireTime = zone.fireTime(end);
            if (fireTime <= watermark) {
                continue; // this window has fired (HOP, CUMULATE): its state is gone
            }
            Long namespace = end;
            RetractingAggregates.Accumulators accs = aggregates.value(namespace);
            if (accs == null) {
                if (retract) {
                    continue; // nothing to take back
                }
                accs = aggregates.create();
                timers.registerEventTimeTimer(namespace, fireTime);
            }
            if (retract) {
                aggregates.retract(namespace, accs, row);
            } else {
                aggregates.accumulate(namespace, accs, row);
            }
            if (accs.rows() == 0) {
                // every row of the window was taken back: it emits nothing, so it keeps nothing
                aggregates.clear(namespace);
                timers.deleteEventTimeTimer(namespace, fireTime);
            } else {
                aggregates.update(namespace, accs);
            }
        }
    }

    /** Fills {@link #ends} with the local ends of the windows containing the local time {@code ts}; their count. */
    private int windowEnds(long ts) {
        switch (kind) {
            case TUMBLE -> {
                ends[0] = ts - Math.floorMod(ts - offset, size) + size;
                return 1;
            }
            case HOP -> {
                // Window starts are aligned to the slide, as Flink's SlidingWindowAssigner.
                long lastStart = ts - Math.floorMod(ts - offset, slide);
                int n = 0;
                for (long start = lastStart; start > ts - size; start -= slide) {
                    n++;
                }
                long start = lastStart;
                for (int i = n - 1; i >= 0; i--) {
                    ends[i] = start + size;
                    start -= slide;
                }
                return n;
            }
            case CUMULATE -> {
                long start = ts - Math.floorMod(ts - offset, size);
                long firstEnd = start + (Math.floorDiv(ts - start, slide) + 1) * slide;
                int n = 0;
                for (long end = firstEnd; end <= start + size; end += slide) {
                    ends[n++] = end;
                }
                return n;
            }
            default -> throw new IllegalStateException("unknown window kind " + kind);
        }
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        eventTime.processWatermark(watermark, out, timers, onTimer);
    }

    private void fire(Object key, Long end, long timestamp) {
        RetractingAggregates.Accumulators accs = aggregates.value(end);
        if (accs == null) {
            return;
        }
        aggregates.clear(end);
        if (accs.rows() > 0) {
            eventTime.firingOutput().collect(Row.wrap(RowKind.INSERT, values((Row) key, end, accs)));
        }
    }

    private Object[] values(Row keyRow, long end, RetractingAggregates.Accumulators accs) {
        Object[] values = resultRows.values(keyRow, windowStarts.windowStart(end), end);
        aggregates.results(accs, values, resultRows.aggregatesFrom(keyRow));
        return values;
    }

    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        state.snapshot(context, eventTime.watermark());
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

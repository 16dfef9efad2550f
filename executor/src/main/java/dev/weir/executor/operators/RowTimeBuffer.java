package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.Output;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.ListState;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import java.util.List;
import java.util.Objects;

/**
 * Rows held back per key until the watermark passes their rowtime, then released in time order:
 * the input side of Flink's row-time sort and OVER functions, shared by
 * {@link TemporalSortOperator} and {@link OverAggregateOperator}.
 *
 * <p>Keyed state in the operator's backend: the rows in a {@code ListState<timestamp, row>} and one
 * event-time timer per (key, timestamp), under names the operator gives, so that its checkpoints
 * keep their layout. A row at or behind the watermark is late, its place in the order has passed:
 * dropped and counted. The watermark is the operator's to snapshot ({@link #watermark()}).
 */
final class RowTimeBuffer {
    /** What the operator does with one key's rows at one timestamp (in arrival order, never empty). */
    @FunctionalInterface
    interface Release {
        void release(List<Row> rows, long timestamp, Output out) throws Exception;
    }

    private final int timeIndex;
    private final RowKeys keys;
    private final KeyedStateBackend backend;
    private final OperatorMetrics metrics;
    private final ListState<Long, Row> pending;
    private final TimerService<Long> timers;
    private final Release release;
    private final TimerService.Callback<Long> onTimer = this::fire;
    private final EventTimeClock eventTime = new EventTimeClock();

    /**
     * @param timeIndex  the rowtime column of the input
     * @param rowsState  the name of the rows' list state
     * @param timerState the name of the timer service
     * @param release    called, with the row's key current, as the watermark passes a timestamp
     */
    RowTimeBuffer(KeyedStateBackend backend, RowKeys keys, RowType inputType, int timeIndex, String rowsState,
            String timerState, OperatorMetrics metrics, Release release) {
        this.backend = Objects.requireNonNull(backend, "backend is null");
        this.keys = Objects.requireNonNull(keys, "keys is null");
        this.timeIndex = timeIndex;
        this.metrics = Objects.requireNonNull(metrics, "metrics is null");
        this.release = Objects.requireNonNull(release, "release is null");
        this.pending = backend.listState(new StateDescriptor<>(rowsState, Serializers.LONG,
                new RowSerializer(inputType)));
        this.timers = backend.timerService(timerState, Serializers.LONG);
    }

    /** Keeps {@code row} until the watermark passes its time, or drops it when late. */
    void add(Row row) {
        Object time = row.field(timeIndex);
        if (time == null || (Long) time <= eventTime.watermark()) {
            metrics.incrementLateRowsDropped();
            return;
        }
        long ts = (Long) time;
        backend.setCurrentKey(keys.key(row));
        pending.add(ts, row.kind() == RowKind.INSERT ? row : row.withKind(RowKind.INSERT));
        timers.registerEventTimeTimer(ts, ts);
    }

    /** Releases the rows the watermark passes, in time order per key, then forwards it. */
    void processWatermark(long watermark, Output out) throws Exception {
        eventTime.processWatermark(watermark, out, timers, onTimer);
    }

    private void fire(Object key, Long ts, long timestamp) throws Exception {
        List<Row> rows = pending.get(ts);
        pending.clear(ts);
        if (!rows.isEmpty()) {
            release.release(rows, ts, eventTime.firingOutput());
        }
    }

    /** The last watermark received, for the operator's snapshot. */
    long watermark() {
        return eventTime.watermark();
    }

    void restoreWatermark(long watermark) {
        eventTime.restore(watermark);
    }

    /** Registered timers, i.e. (key, timestamp) pairs with rows waiting for the watermark. */
    int pendingTimestamps() {
        return timers.size();
    }
}

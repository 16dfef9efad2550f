package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.TemporalSortSpec;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.ListState;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Temporal sort (semantics in {@link TemporalSortSpec}).
 *
 * <p>Keyed state under the one empty key: the rows waiting for the watermark in a
 * {@code ListState<timestamp, row>} with one event-time timer per timestamp. The timers fire in
 * timestamp order as the watermark advances; each fires its timestamp's rows, sorted by the
 * further keys (a stable sort, so ties keep arrival order). The current watermark is part of
 * the snapshot, so late-row decisions after a restore are those of an uninterrupted run.
 */
public final class TemporalSortOperator implements StreamOperator {
    static final String KEYED_DIR = "keyed";
    static final String STATE_FILE = "temporal-sort.bin";

    private final int timeIndex;
    private final SortKeyOrder order;
    private final OperatorMetrics metrics;
    private final RowKeys keys;
    private final KeyedStateBackend backend;
    private final ListState<Long, Row> pending;
    private final TimerService<Long> timers;
    private final TimerService.Callback<Long> onTimer = this::fire;
    private long currentWatermark = Long.MIN_VALUE;
    private Output firingOutput;

    public TemporalSortOperator(TemporalSortSpec spec, RowType inputType, OperatorContext context)
            throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(context, "context is null");
        this.timeIndex = spec.timeIndex();
        this.order = spec.orderIndices().length == 0 ? null
                : new SortKeyOrder(spec.orderIndices(), spec.descending(), spec.nullsFirst());
        this.metrics = context.metrics();
        this.keys = new RowKeys(spec.keyIndices(), inputType);
        Path restoreDir = context.restoreDir();
        this.backend = keys.openBackend(context, KEYED_DIR);
        try {
            this.pending = backend.listState(new StateDescriptor<>("temporal-sort-rows", Serializers.LONG,
                    new RowSerializer(inputType)));
            this.timers = backend.timerService("temporal-sort-timers", Serializers.LONG);
            if (restoreDir != null) {
                currentWatermark = OperatorStateFiles.readWatermark(restoreDir.resolve(STATE_FILE));
            }
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public void processElement(Row row, Output out) {
        Object time = row.field(timeIndex);
        if (time == null || (Long) time <= currentWatermark) {
            // As Flink's RowTimeSortOperator: the watermark has passed the row's place in the order.
            metrics.incrementLateRowsDropped();
            return;
        }
        long ts = (Long) time;
        backend.setCurrentKey(keys.key(row));
        pending.add(ts, row.kind() == RowKind.INSERT ? row : row.withKind(RowKind.INSERT));
        timers.registerEventTimeTimer(ts, ts);
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        if (watermark <= currentWatermark) {
            return;
        }
        currentWatermark = watermark;
        firingOutput = out;
        try {
            timers.advanceWatermark(watermark, onTimer);
        } finally {
            firingOutput = null;
        }
        out.emitWatermark(watermark);
    }

    /** Emits the rows at {@code ts}, sorted by the further keys. */
    private void fire(Object key, Long ts, long timestamp) {
        List<Row> rows = pending.get(ts);
        pending.clear(ts);
        if (rows.isEmpty()) {
            return;
        }
        if (order != null && rows.size() > 1) {
            rows = new ArrayList<>(rows);
            rows.sort(order); // stable: ties keep arrival order
        }
        for (int i = 0, n = rows.size(); i < n; i++) {
            firingOutput.collect(rows.get(i));
        }
    }

    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        backend.snapshot(context.checkpointId(), context.directory().resolve(KEYED_DIR));
        OperatorStateFiles.writeWatermark(context.directory().resolve(STATE_FILE), currentWatermark);
    }

    /** Timestamps with rows waiting for the watermark, for tests. */
    public int pendingTimestamps() {
        return timers.size();
    }

    @Override
    public void close() {
        backend.close();
    }
}

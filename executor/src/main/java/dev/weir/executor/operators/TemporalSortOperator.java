package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.TemporalSortSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Temporal sort (semantics in {@link TemporalSortSpec}).
 *
 * <p>Keyed state under the one empty key: the rows waiting for the watermark in a
 * {@link RowTimeBuffer}, which releases them in timestamp order as the watermark advances; each
 * timestamp's rows leave sorted by the further keys (a stable sort, so ties keep arrival order). The current watermark is part of
 * the snapshot, so late-row decisions after a restore are those of an uninterrupted run.
 */
public final class TemporalSortOperator implements StreamOperator {
    static final String STATE_FILE = "temporal-sort.bin";

    private final SortKeyOrder order;
    private final EventTimeState state;
    private final RowTimeBuffer buffer;

    public TemporalSortOperator(TemporalSortSpec spec, RowType inputType, OperatorContext context)
            throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(context, "context is null");
        this.order = spec.order().isEmpty() ? null : new SortKeyOrder(spec.order());
        RowKeys keys = new RowKeys(spec.keyIndices(), inputType);
        this.state = EventTimeState.open(keys, context, STATE_FILE);
        this.buffer = state.declare(b -> new RowTimeBuffer(b, keys, inputType, spec.timeIndex(), "temporal-sort-rows",
                "temporal-sort-timers", context.metrics(), this::release));
        buffer.restoreWatermark(state.restoredWatermark());
    }

    @Override
    public void processElement(Row row, Output out) {
        // As Flink's RowTimeSortOperator, a row the watermark has passed is late: its place in the order has gone.
        buffer.add(row);
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        buffer.processWatermark(watermark, out);
    }

    /** Emits the rows at one timestamp, sorted by the further keys. */
    private void release(List<Row> rows, long timestamp, Output out) {
        if (order != null && rows.size() > 1) {
            rows = new ArrayList<>(rows);
            rows.sort(order); // stable: ties keep arrival order
        }
        for (int i = 0, n = rows.size(); i < n; i++) {
            out.collect(rows.get(i));
        }
    }

    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        state.snapshot(context, buffer.watermark());
    }

    /** Timestamps with rows waiting for the watermark, for tests. */
    public int pendingTimestamps() {
        return buffer.pendingTimestamps();
    }

    @Override
    public void close() {
        state.close();
    }
}

package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import java.util.Objects;

/**
 * The end of a chain: writes rows through the table's {@link SinkWriter} with two-phase commit.
 * The snapshot pre-commits (its committable goes into the checkpoint metadata, not a file), and
 * only a completed checkpoint or the end of a bounded input makes output visible.
 */
public final class SinkOperator implements StreamOperator {
    private final SinkWriter writer;
    private final OperatorMetrics metrics;
    private byte[] pendingCommittable;

    public SinkOperator(SinkWriter writer, OperatorMetrics metrics) {
        this.writer = Objects.requireNonNull(writer, "writer is null");
        this.metrics = Objects.requireNonNull(metrics, "metrics is null");
    }

    @Override
    public void processElement(Row row, Output out) throws Exception {
        writer.write(row);
        metrics.incrementRowsOut();
    }

    @Override
    public void processWatermark(long watermark, Output out) {
        // Sinks have nothing downstream; the watermark stops here.
    }

    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        pendingCommittable = writer.prepareCommit(context.checkpointId());
    }

    /** The committable of the snapshot just taken, handed to the checkpoint metadata once. */
    public byte[] takeCommittable() {
        byte[] c = pendingCommittable;
        pendingCommittable = null;
        return c;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        writer.commit(checkpointId);
    }

    @Override
    public void endInput(Output out) throws Exception {
        writer.finish();
    }

    /** Abandons whatever was not committed: the writer must not make it visible. */
    @Override
    public void close() throws Exception {
        writer.close();
    }
}

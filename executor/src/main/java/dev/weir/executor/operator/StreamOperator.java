package dev.weir.executor.operator;

import dev.weir.core.Row;

/**
 * A runtime operator: one callback per kind of message, each with a sensible default.
 * Instances are built fully initialised (state restored) by the executor from an
 * {@link dev.weir.executor.plan.OperatorSpec}; there is no separate open().
 *
 * <p>Checkpoint phases (see docs/architecture.md): {@link #prepareSnapshotPreBarrier} flushes
 * buffered work downstream before the barrier passes; {@link #snapshotState} writes state;
 * {@link #notifyCheckpointComplete} is the only place for external commits.
 */
public interface StreamOperator extends AutoCloseable {

    void processElement(Row row, Output out) throws Exception;

    /** Called when the watermark of this operator's input advances. Forwards it by default. */
    default void processWatermark(long watermark, Output out) throws Exception {
        out.emitWatermark(watermark);
    }

    /** Emit anything buffered that must precede checkpoint barrier {@code checkpointId}. */
    default void prepareSnapshotPreBarrier(long checkpointId, Output out) throws Exception {
    }

    /** Write this operator's state for the checkpoint. */
    default void snapshotState(SnapshotContext context) throws Exception {
    }

    /** Checkpoint {@code checkpointId} is durable: commit external side effects up to it. */
    default void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    /** The input has ended (bounded sources); the final watermark has already been delivered. */
    default void endInput(Output out) throws Exception {
    }

    @Override
    default void close() throws Exception {
    }
}

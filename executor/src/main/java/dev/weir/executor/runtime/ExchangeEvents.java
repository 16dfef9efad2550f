package dev.weir.executor.runtime;

import dev.weir.core.Row;

/** What travels through a {@link Channel}: batches of rows, barriers, idleness and the end of a channel. */
final class ExchangeEvents {
    /** No watermark in a batch. */
    static final long NO_WATERMARK = Long.MIN_VALUE;
    static final Object END = new Object() {
        @Override
        public String toString() {
            return "END";
        }
    };
    static final Status IDLE = new Status(true);
    static final Status ACTIVE = new Status(false);

    private ExchangeEvents() {
    }

    /**
     * Rows in order, each preceded by the watermark the sender had emitted just before it ({@code watermarksBefore[i]},
     * {@link #NO_WATERMARK} if unchanged), then the sender's watermark after them. The receiver thus sees rows and
     * watermarks in exactly the sender's order, so a row late at the sender is late at the receiver too, however
     * the rows are batched. Batching keeps the per-row cost of an exchange to two array stores.
     */
    record Batch(Row[] rows, long[] watermarksBefore, int size, long watermark) {
    }

    /** Checkpoint barrier {@code checkpointId}: every row before it belongs to the checkpoint, none after it. */
    record Barrier(long checkpointId) {
    }

    /** The sender became idle (holds no watermark back) or active again. */
    record Status(boolean idle) {
    }
}

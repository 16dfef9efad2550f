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
     * Rows in order, then the sender's watermark after them ({@link #NO_WATERMARK} if unchanged). Batching keeps the
     * per-row cost of an exchange to an array store; the watermark travels once per batch, never ahead of its rows.
     */
    record Batch(Row[] rows, int size, long watermark) {
    }

    /** Checkpoint barrier {@code checkpointId}: every row before it belongs to the checkpoint, none after it. */
    record Barrier(long checkpointId) {
    }

    /** The sender became idle (holds no watermark back) or active again. */
    record Status(boolean idle) {
    }
}

package dev.weir.executor.operators;

import java.util.Objects;

/**
 * Counters of one operator, written only by the task thread (plain fields, no atomics on the hot
 * path); the runtime copies them into immutable snapshots for other threads.
 */
public final class OperatorMetrics {
    private final String operatorId;
    private long rowsIn;
    private long rowsOut;
    private long lateRowsDropped;
    private long currentWatermark = Long.MIN_VALUE;
    /** Written by the task thread, read by the metrics publisher: volatile, written only at checkpoints. */
    private volatile long stateSizeBytes = -1;

    public OperatorMetrics(String operatorId) {
        this.operatorId = Objects.requireNonNull(operatorId, "operatorId is null");
    }

    public String operatorId() {
        return operatorId;
    }

    public void incrementRowsIn() {
        rowsIn++;
    }

    public void incrementRowsOut() {
        rowsOut++;
    }

    public void incrementLateRowsDropped() {
        lateRowsDropped++;
    }

    public void setCurrentWatermark(long watermark) {
        currentWatermark = watermark;
    }

    public long rowsIn() {
        return rowsIn;
    }

    public long rowsOut() {
        return rowsOut;
    }

    public long lateRowsDropped() {
        return lateRowsDropped;
    }

    public long currentWatermark() {
        return currentWatermark;
    }

    /** Records the approximate size of the operator's keyed state (sampled at checkpoints and at the end). */
    public void setStateSizeBytes(long bytes) {
        stateSizeBytes = bytes;
    }

    /** Approximate bytes of the operator's keyed state when last sampled; -1 when it has none. */
    public long stateSizeBytes() {
        return stateSizeBytes;
    }
}

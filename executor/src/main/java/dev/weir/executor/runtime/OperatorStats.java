package dev.weir.executor.runtime;

import java.util.Objects;

/**
 * Counters of one operator at one moment (summed, or for the watermark the minimum, over its subtasks).
 *
 * @param currentWatermark the last watermark the operator received, {@code Long.MIN_VALUE} if none
 * @param stateSizeBytes   approximate bytes of its keyed state, -1 for an operator without keyed state: RocksDB's
 *                         {@code rocksdb.estimate-live-data-size} plus its memtables, the heap backend's
 *                         estimate of its entries' serialized size; sampled at each checkpoint and at the end
 */
public record OperatorStats(String operatorId, long rowsIn, long rowsOut, long lateRowsDropped,
        long currentWatermark, long stateSizeBytes) {
    public OperatorStats {
        Objects.requireNonNull(operatorId, "operatorId is null");
    }

    /** Counters of an operator without keyed state. */
    public OperatorStats(String operatorId, long rowsIn, long rowsOut, long lateRowsDropped, long currentWatermark) {
        this(operatorId, rowsIn, rowsOut, lateRowsDropped, currentWatermark, -1);
    }
}

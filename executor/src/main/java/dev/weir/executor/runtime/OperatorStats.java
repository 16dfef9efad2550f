package dev.weir.executor.runtime;

import java.util.Objects;

/**
 * Counters of one operator at one moment.
 *
 * @param currentWatermark the last watermark the operator received, {@code Long.MIN_VALUE} if none
 */
public record OperatorStats(String operatorId, long rowsIn, long rowsOut, long lateRowsDropped,
        long currentWatermark) {
    public OperatorStats {
        Objects.requireNonNull(operatorId, "operatorId is null");
    }
}

package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.executor.operator.LateRowsOutput;
import dev.weir.executor.operator.Output;

/** What a window operator does with a row it drops as late: counts it, and hands it to a late-rows output if any. */
final class LateRows {
    private LateRows() {
    }

    static void drop(Row row, Output out, OperatorMetrics metrics) {
        metrics.incrementLateRowsDropped();
        if (out instanceof LateRowsOutput late) {
            late.collectLate(row);
        }
    }
}

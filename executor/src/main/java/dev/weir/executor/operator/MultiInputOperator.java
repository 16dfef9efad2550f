package dev.weir.executor.operator;

import dev.weir.core.Row;

/**
 * An operator with two or more inputs (joins, UNION ALL). The runtime tells it which input a row
 * came from, calls {@link #processWatermark} with the minimum of the inputs' watermarks when that
 * advances, and {@link #endInput} once every input has ended.
 */
public interface MultiInputOperator extends StreamOperator {

    /** A row of input {@code input} (0 = the first; a join's left). */
    void processElement(int input, Row row, Output out) throws Exception;

    /** Rows without an input index belong to the first input. */
    @Override
    default void processElement(Row row, Output out) throws Exception {
        processElement(0, row, out);
    }
}

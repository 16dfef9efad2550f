package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.StreamOperator;

/**
 * Passes on the late rows of the window operator in front of it ({@code LateRowsSpec}): the runtime
 * routes only that window's late rows here. Stateless; watermarks pass through.
 */
final class LateRowsOperator implements StreamOperator {
    @Override
    public void processElement(Row row, Output out) {
        out.collect(row);
    }
}

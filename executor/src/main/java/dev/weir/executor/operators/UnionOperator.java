package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.executor.operator.MultiInputOperator;
import dev.weir.executor.operator.Output;

/** UNION ALL: forwards every row of every input; the runtime combines the watermarks. */
final class UnionOperator implements MultiInputOperator {
    @Override
    public void processElement(int input, Row row, Output out) {
        out.collect(row);
    }
}

package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.ReplicateRowsSpec;

/** Emits each row its first column's number of times, without that column (semantics in {@link ReplicateRowsSpec}). */
final class ReplicateRowsOperator implements StreamOperator {
    @Override
    public void processElement(Row row, Output out) {
        Object times = row.field(0);
        long n = times == null ? 0 : ((Number) times).longValue();
        if (n <= 0) {
            return;
        }
        Object[] values = new Object[row.arity() - 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.field(i + 1);
        }
        Row copy = Row.wrap(row.kind(), values);
        for (long i = 0; i < n; i++) {
            out.collect(copy); // rows are immutable: one instance, emitted n times
        }
    }
}

package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.UnnestSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Emits each input row once per element of its collection, the element appended (semantics in {@link UnnestSpec}). Stateless. */
final class UnnestOperator implements StreamOperator {
    private final ScalarExpression collection;
    private final boolean map;
    private final boolean withOrdinality;
    private final boolean keepEmpty;
    private final int appended;

    UnnestOperator(UnnestSpec spec) {
        Objects.requireNonNull(spec, "spec is null");
        this.collection = spec.collection();
        this.map = spec.map();
        this.withOrdinality = spec.withOrdinality();
        this.keepEmpty = spec.keepEmpty();
        this.appended = spec.appendedColumns();
    }

    @Override
    public void processElement(Row row, Output out) {
        Object value = collection.evaluate(row);
        int emitted = 0;
        if (value instanceof List<?> elements) {
            int n = elements.size();
            for (int i = 0; i < n; i++) {
                out.collect(joined(row, elements.get(i), null, i + 1));
            }
            emitted = n;
        } else if (value instanceof Map<?, ?> entries) {
            int position = 0;
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                out.collect(joined(row, e.getKey(), e.getValue(), ++position));
            }
            emitted = position;
        }
        if (emitted == 0 && keepEmpty) {
            // LEFT JOIN UNNEST ... ON TRUE: a NULL or empty collection keeps its row, padded with NULLs
            out.collect(padded(row));
        }
    }

    private Row joined(Row row, Object first, Object second, int position) {
        int n = row.arity();
        Object[] values = new Object[n + appended];
        for (int i = 0; i < n; i++) {
            values[i] = row.field(i);
        }
        values[n] = first;
        int next = n + 1;
        if (map) {
            values[next++] = second;
        }
        if (withOrdinality) {
            values[next] = position;
        }
        return Row.wrap(row.kind(), values);
    }

    private Row padded(Row row) {
        int n = row.arity();
        Object[] values = new Object[n + appended];
        for (int i = 0; i < n; i++) {
            values[i] = row.field(i);
        }
        return Row.wrap(row.kind(), values);
    }
}

package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.CalcSpec;
import java.util.Objects;

/** Filter then project; stateless. The row kind passes through unchanged. */
public final class CalcOperator implements StreamOperator {
    private final ScalarExpression condition;
    private final ScalarExpression[] projections;

    public CalcOperator(CalcSpec spec) {
        Objects.requireNonNull(spec, "spec is null");
        this.condition = spec.condition();
        this.projections = spec.projections().toArray(new ScalarExpression[0]);
    }

    @Override
    public void processElement(Row row, Output out) {
        // Only TRUE keeps a row: NULL and FALSE both filter, as in SQL.
        if (condition != null && condition.evaluate(row) != Boolean.TRUE) {
            return;
        }
        Object[] values = new Object[projections.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = projections[i].evaluate(row);
        }
        out.collect(Row.wrap(row.kind(), values));
    }
}

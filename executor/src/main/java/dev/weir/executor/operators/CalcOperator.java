package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.CalcSpec;
import java.util.Objects;

/**
 * Filter then project; stateless. The row kind passes through unchanged.
 *
 * <p>When the spec reads {@code CURRENT_WATERMARK}, the expressions see the input row with the
 * last watermark this operator received appended as one more field (null before the first one):
 * the compiled expressions are shared by every subtask, so the watermark, which is per subtask,
 * travels with the row rather than in them.
 */
public final class CalcOperator implements StreamOperator {
    private final ScalarExpression condition;
    private final ScalarExpression[] projections;
    private final boolean readsWatermark;
    private long currentWatermark = Long.MIN_VALUE;

    public CalcOperator(CalcSpec spec) {
        Objects.requireNonNull(spec, "spec is null");
        this.condition = spec.condition();
        this.projections = spec.projections().toArray(new ScalarExpression[0]);
        this.readsWatermark = spec.readsWatermark();
    }

    @Override
    public void processElement(Row row, Output out) {
        Row input = readsWatermark ? withWatermark(row) : row;
        // Only TRUE keeps a row: NULL and FALSE both filter, as in SQL.
        if (condition != null && condition.evaluate(input) != Boolean.TRUE) {
            return;
        }
        Object[] values = new Object[projections.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = projections[i].evaluate(input);
        }
        out.collect(Row.wrap(row.kind(), values));
    }

    private Row withWatermark(Row row) {
        int n = row.arity();
        Object[] values = new Object[n + 1];
        for (int i = 0; i < n; i++) {
            values[i] = row.field(i);
        }
        values[n] = currentWatermark == Long.MIN_VALUE ? null : currentWatermark;
        return Row.wrap(row.kind(), values);
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        if (watermark > currentWatermark) {
            currentWatermark = watermark;
        }
        out.emitWatermark(watermark);
    }
}

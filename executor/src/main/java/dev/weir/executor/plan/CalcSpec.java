package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import java.util.List;
import java.util.Objects;

/**
 * Filter then project, stateless: emits {@code projections(row)} for rows where
 * {@code condition(row)} is TRUE (null condition = keep all). Change kinds pass through.
 *
 * @param projectionTexts readable form of each projection, for EXPLAIN
 * @param conditionText   readable form of the condition, or null
 * @param readsWatermark  whether the expressions read {@code CURRENT_WATERMARK}: the operator then
 *                        evaluates them over the input row with one more field appended, the current
 *                        watermark as a TIMESTAMP(3) value (null before the first watermark)
 */
public record CalcSpec(String id, RowType outputType, List<ScalarExpression> projections,
        List<String> projectionTexts, ScalarExpression condition, String conditionText, boolean readsWatermark)
        implements OperatorSpec {
    /** A Calc that does not read the watermark. */
    public CalcSpec(String id, RowType outputType, List<ScalarExpression> projections, List<String> projectionTexts,
            ScalarExpression condition, String conditionText) {
        this(id, outputType, projections, projectionTexts, condition, conditionText, false);
    }

    public CalcSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        projections = List.copyOf(projections);
        projectionTexts = List.copyOf(projectionTexts);
        if (projections.size() != outputType.arity() || projectionTexts.size() != projections.size()) {
            throw new IllegalArgumentException("projections do not match the output type");
        }
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Calc(select=[");
        for (int i = 0; i < projectionTexts.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            String name = outputType.field(i).name();
            String text = projectionTexts.get(i);
            sb.append(text.equals(name) ? name : text + " AS " + name);
        }
        sb.append(']');
        if (conditionText != null) {
            sb.append(", where=[").append(conditionText).append(']');
        }
        return sb.append(')').toString();
    }
}

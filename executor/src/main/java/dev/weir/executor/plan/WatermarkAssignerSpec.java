package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import java.util.Objects;

/**
 * Generates event-time watermarks from the table's WATERMARK clause: the watermark is the
 * largest {@code watermarkExpression(row)} seen so far (never going back) — per split when the
 * source interleaves several (Kafka partitions: the minimum over active splits) — emitted as soon
 * as a row advances it and once more, as +infinity ({@code Long.MAX_VALUE}), at the end of a
 * bounded input. Rows pass through unchanged.
 *
 * @param rowtimeIndex the rowtime column in the input
 */
public record WatermarkAssignerSpec(String id, RowType outputType, int rowtimeIndex,
        ScalarExpression watermarkExpression, String watermarkText) implements OperatorSpec {
    public WatermarkAssignerSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        Objects.requireNonNull(watermarkExpression, "watermarkExpression is null");
        Objects.requireNonNull(watermarkText, "watermarkText is null");
    }

    @Override
    public String describe() {
        return "WatermarkAssigner(rowtime=[" + outputType.field(rowtimeIndex).name() + "], watermark=[" + watermarkText
                + "])";
    }

    @Override
    public String stateDescription() {
        return "the current watermark per subtask and per source split (Kafka partition); kept for the whole job";
    }
}

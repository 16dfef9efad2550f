package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Objects;

/**
 * Flink's temporal sort: {@code ORDER BY rowtime ASC [, other keys]} without a LIMIT, over an
 * insert-only input. Rows wait until the watermark passes their timestamp, then leave in
 * timestamp order; rows with the same timestamp leave sorted by the other keys (ties in arrival
 * order). A row at or behind the watermark is late: its place in the order has passed, so it is
 * dropped and counted. Insert-only output that keeps the rowtime attribute.
 *
 * <p>All rows go to one key (the empty key), so that one subtask sees them all, as Flink runs its
 * temporal sort at parallelism 1.
 *
 * <p>Output columns: the input's columns, unchanged.
 *
 * @param timeIndex the rowtime column, the first sort key
 * @param order     the further sort keys (possibly none)
 */
public record TemporalSortSpec(String id, RowType outputType, int timeIndex, SortOrder order)
        implements OperatorSpec {
    public TemporalSortSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        Objects.requireNonNull(order, "order is null");
        if (timeIndex < 0 || timeIndex >= outputType.arity()) {
            throw new IllegalArgumentException("time index " + timeIndex + " out of range for " + outputType);
        }
    }

    /** No key columns: every row goes to the one subtask that owns the empty key. */
    public int[] keyIndices() {
        return new int[0];
    }

    @Override
    public String describe() {
        String time = outputType.field(timeIndex).name() + " ASC";
        return "TemporalSort(orderBy=[" + (order.isEmpty() ? time : time + ", " + order.describe(outputType)) + "])";
    }

    @Override
    public String stateDescription() {
        return "the rows at times the watermark has not passed yet, per timestamp, one global key; "
                + "each timestamp's rows leave when the watermark passes it";
    }
}

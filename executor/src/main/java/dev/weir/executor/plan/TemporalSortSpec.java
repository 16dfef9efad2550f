package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Arrays;
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
 * @param timeIndex    the rowtime column, the first sort key
 * @param orderIndices the further sort columns, most significant first
 * @param descending   per further sort column, whether it sorts descending
 * @param nullsFirst   per further sort column, whether NULL sorts before every value
 */
public record TemporalSortSpec(String id, RowType outputType, int timeIndex, int[] orderIndices,
        boolean[] descending, boolean[] nullsFirst) implements OperatorSpec {
    public TemporalSortSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        orderIndices = orderIndices.clone();
        descending = descending.clone();
        nullsFirst = nullsFirst.clone();
        if (timeIndex < 0 || timeIndex >= outputType.arity()) {
            throw new IllegalArgumentException("time index " + timeIndex + " out of range for " + outputType);
        }
        if (orderIndices.length != descending.length || orderIndices.length != nullsFirst.length) {
            throw new IllegalArgumentException("one direction and null order per sort column");
        }
    }

    /** No key columns: every row goes to the one subtask that owns the empty key. */
    public int[] keyIndices() {
        return new int[0];
    }

    @Override
    public int[] orderIndices() {
        return orderIndices.clone();
    }

    @Override
    public boolean[] descending() {
        return descending.clone();
    }

    @Override
    public boolean[] nullsFirst() {
        return nullsFirst.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TemporalSortSpec s && id.equals(s.id) && outputType.equals(s.outputType)
                && timeIndex == s.timeIndex && Arrays.equals(orderIndices, s.orderIndices)
                && Arrays.equals(descending, s.descending) && Arrays.equals(nullsFirst, s.nullsFirst);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, timeIndex, Arrays.hashCode(orderIndices), Arrays.hashCode(descending),
                Arrays.hashCode(nullsFirst));
    }

    @Override
    public String describe() {
        StringBuilder order = new StringBuilder(outputType.field(timeIndex).name()).append(" ASC");
        for (int i = 0; i < orderIndices.length; i++) {
            order.append(", ").append(outputType.field(orderIndices[i]).name())
                    .append(descending[i] ? " DESC" : " ASC").append(nullsFirst[i] ? " NULLS FIRST" : " NULLS LAST");
        }
        return "TemporalSort(orderBy=[" + order + "])";
    }

    @Override
    public String stateDescription() {
        return "the rows at times the watermark has not passed yet, per timestamp, one global key; "
                + "each timestamp's rows leave when the watermark passes it";
    }
}

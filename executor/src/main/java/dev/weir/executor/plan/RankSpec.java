package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Arrays;
import java.util.Objects;

/**
 * Top-N: Flink's {@code ROW_NUMBER() OVER (PARTITION BY keys ORDER BY cols) <= N} over an
 * insert-only input, as an updating result. Per key it keeps the N first rows in the sort order
 * (a row that ties with kept rows goes after them, as in Flink's AppendOnlyTopNFunction) and, on
 * each row, emits the changes of the ranks that moved: {@code -U/+U} where a rank's row changed,
 * {@code +I} for a newly filled rank. Rows beyond N are never kept: the input never retracts, so
 * they can never come back into the top.
 *
 * <p>Output columns: the input's columns, then the rank ({@code BIGINT NOT NULL}) when
 * {@code outputRank}.
 *
 * @param orderIndices sort columns in the input, most significant first
 * @param descending   per sort column, whether it sorts descending
 * @param nullsFirst   per sort column, whether NULL sorts before every value
 * @param limit        N, at least 1
 */
public record RankSpec(String id, RowType outputType, int[] keyIndices, int[] orderIndices, boolean[] descending,
        boolean[] nullsFirst, long limit, boolean outputRank) implements OperatorSpec {
    public RankSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        keyIndices = keyIndices.clone();
        orderIndices = orderIndices.clone();
        descending = descending.clone();
        nullsFirst = nullsFirst.clone();
        if (orderIndices.length != descending.length || orderIndices.length != nullsFirst.length) {
            throw new IllegalArgumentException("one direction and null order per sort column");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("Top-N needs N >= 1, got " + limit);
        }
    }

    @Override
    public int[] keyIndices() {
        return keyIndices.clone();
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
        return o instanceof RankSpec r && id.equals(r.id) && outputType.equals(r.outputType)
                && Arrays.equals(keyIndices, r.keyIndices) && Arrays.equals(orderIndices, r.orderIndices)
                && Arrays.equals(descending, r.descending) && Arrays.equals(nullsFirst, r.nullsFirst)
                && limit == r.limit && outputRank == r.outputRank;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, Arrays.hashCode(keyIndices), Arrays.hashCode(orderIndices),
                Arrays.hashCode(descending), Arrays.hashCode(nullsFirst), limit, outputRank);
    }

    @Override
    public String describe() {
        StringBuilder keys = new StringBuilder();
        for (int k : keyIndices) {
            keys.append(keys.length() == 0 ? "" : ", ").append(outputType.field(k).name());
        }
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < orderIndices.length; i++) {
            order.append(i == 0 ? "" : ", ").append(outputType.field(orderIndices[i]).name())
                    .append(descending[i] ? " DESC" : " ASC").append(nullsFirst[i] ? " NULLS FIRST" : " NULLS LAST");
        }
        return "Rank(rankType=[ROW_NUMBER], rankRange=[rankStart=1, rankEnd=" + limit + "], partitionBy=[" + keys
                + "], orderBy=[" + order + "], select=[*" + (outputRank ? ", w0$o0" : "") + "], changelog=[I,UB,UA])";
    }

    @Override
    public String stateDescription() {
        return "the top " + limit + " rows per partition key, kept forever";
    }
}

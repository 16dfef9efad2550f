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
 * @param order the sort keys over the input's columns
 * @param limit N, at least 1
 */
public record RankSpec(String id, RowType outputType, int[] keyIndices, SortOrder order, long limit,
        boolean outputRank) implements OperatorSpec {
    public RankSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        Objects.requireNonNull(order, "order is null");
        keyIndices = keyIndices.clone();
        if (limit < 1) {
            throw new IllegalArgumentException("Top-N needs N >= 1, got " + limit);
        }
    }

    @Override
    public int[] keyIndices() {
        return keyIndices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RankSpec r && id.equals(r.id) && outputType.equals(r.outputType)
                && Arrays.equals(keyIndices, r.keyIndices) && order.equals(r.order)
                && limit == r.limit && outputRank == r.outputRank;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, Arrays.hashCode(keyIndices), order, limit, outputRank);
    }

    @Override
    public String describe() {
        StringBuilder keys = new StringBuilder();
        for (int k : keyIndices) {
            keys.append(keys.length() == 0 ? "" : ", ").append(outputType.field(k).name());
        }
        return "Rank(rankType=[ROW_NUMBER], rankRange=[rankStart=1, rankEnd=" + limit + "], partitionBy=[" + keys
                + "], orderBy=[" + order.describe(outputType) + "], select=[*" + (outputRank ? ", w0$o0" : "") + "], changelog=[I,UB,UA])";
    }

    @Override
    public String stateDescription() {
        return "the top " + limit + " rows per partition key, kept forever";
    }
}

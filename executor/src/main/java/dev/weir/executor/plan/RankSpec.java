package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Arrays;
import java.util.Objects;

/**
 * Top-N: Flink's {@code ROW_NUMBER() OVER (PARTITION BY keys ORDER BY cols) <= N}, as an updating
 * result. Over an insert-only input, per key it keeps the N first rows in the sort order
 * (a row that ties with kept rows goes after them, as in Flink's AppendOnlyTopNFunction) and, on
 * each row, emits the changes of the ranks that moved: {@code -U/+U} where a rank's row changed,
 * {@code +I} for a newly filled rank. Rows beyond N are never kept: the input never retracts, so
 * they can never come back into the top.
 *
 * <p>Over an updating input ({@code updatingInput}, Flink's RetractableTopNFunction) it keeps every
 * input row per key (a multiset: {@code +I/+U} add a row, {@code -U/-D} remove an equal one) and on
 * each change emits what turns the previous top N into the new one: without the rank
 * {@code -D} for rows that left and {@code +I} for rows that entered; with the rank, per rank
 * position, {@code -U/+U} where its row changed, {@code +I} for a newly filled and {@code -D} for an
 * emptied one.
 *
 * <p>Output columns: the input's columns, then the rank ({@code BIGINT NOT NULL}) when
 * {@code outputRank}.
 *
 * @param order the sort keys over the input's columns
 * @param limit N, at least 1
 * @param updatingInput whether the input retracts rows (then every row is kept, not only the top N)
 */
public record RankSpec(String id, RowType outputType, int[] keyIndices, SortOrder order, long limit,
        boolean outputRank, boolean updatingInput) implements OperatorSpec {
    /** A Top-N over an insert-only input. */
    public RankSpec(String id, RowType outputType, int[] keyIndices, SortOrder order, long limit,
            boolean outputRank) {
        this(id, outputType, keyIndices, order, limit, outputRank, false);
    }

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
                && limit == r.limit && outputRank == r.outputRank && updatingInput == r.updatingInput;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, Arrays.hashCode(keyIndices), order, limit, outputRank, updatingInput);
    }

    @Override
    public String describe() {
        StringBuilder keys = new StringBuilder();
        for (int k : keyIndices) {
            keys.append(keys.length() == 0 ? "" : ", ").append(outputType.field(k).name());
        }
        if (updatingInput) {
            // Flink's plan names the strategy when the input retracts; insert-only ids stay as they were.
            return "Rank(strategy=[RetractStrategy], rankType=[ROW_NUMBER], rankRange=[rankStart=1, rankEnd=" + limit
                    + "], partitionBy=[" + keys + "], orderBy=[" + order.describe(outputType) + "], select=[*"
                    + (outputRank ? ", w0$o0" : "") + "], changelog=[I,UB,UA,D])";
        }
        return "Rank(rankType=[ROW_NUMBER], rankRange=[rankStart=1, rankEnd=" + limit + "], partitionBy=[" + keys
                + "], orderBy=[" + order.describe(outputType) + "], select=[*" + (outputRank ? ", w0$o0" : "") + "], changelog=[I,UB,UA])";
    }

    @Override
    public String stateDescription() {
        return updatingInput ? "every input row per partition key (to refill the top " + limit
                + " after a retraction), kept forever" : "the top " + limit + " rows per partition key, kept forever";
    }
}

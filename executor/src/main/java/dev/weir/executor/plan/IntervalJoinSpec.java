package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import java.util.Objects;

/**
 * An event-time interval join of two insert-only inputs, as Flink's IntervalJoin: a left row at
 * time {@code lt} and a right row at time {@code rt} with equal keys join when
 * {@code lowerMillis <= rt - lt <= upperMillis} and {@code condition} holds. Rows wait in state
 * only as long as a future row of the other side can still match them: the combined watermark
 * removes a left row once it passes {@code lt + upperMillis}, a right row once it passes
 * {@code rt - lowerMillis}. An outer side emits a row that never matched, NULL-padded, when it is
 * removed. Output: left columns, then right columns, insert-only.
 *
 * @param keys           the equal key columns of both inputs; none for a join without equalities (one global key)
 * @param leftTimeIndex  the left input's rowtime column
 * @param rightTimeIndex the right input's rowtime column
 */
public record IntervalJoinSpec(String id, RowType outputType, JoinType joinType, int leftArity, JoinKeys keys,
        int leftTimeIndex, int rightTimeIndex, long lowerMillis, long upperMillis, ScalarExpression condition,
        String conditionText) implements OperatorSpec, TwoInputJoinSpec {
    public IntervalJoinSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        Objects.requireNonNull(joinType, "joinType is null");
        Objects.requireNonNull(keys, "keys is null");
        if (lowerMillis > upperMillis) {
            throw new IllegalArgumentException("empty interval [" + lowerMillis + ", " + upperMillis + "]");
        }
    }

    // The compiled condition has no value equality: two specs are equal when its text is.
    @Override
    public boolean equals(Object o) {
        return o instanceof IntervalJoinSpec j && id.equals(j.id) && outputType.equals(j.outputType)
                && joinType == j.joinType && leftArity == j.leftArity && keys.equals(j.keys)
                && leftTimeIndex == j.leftTimeIndex && rightTimeIndex == j.rightTimeIndex
                && lowerMillis == j.lowerMillis && upperMillis == j.upperMillis
                && Objects.equals(conditionText, j.conditionText);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, joinType, leftArity, keys, leftTimeIndex, rightTimeIndex, lowerMillis,
                upperMillis, conditionText);
    }

    @Override
    public String describe() {
        String lt = outputType.field(leftTimeIndex).name();
        String rt = outputType.field(leftArity + rightTimeIndex).name();
        StringBuilder sb = new StringBuilder("IntervalJoin(joinType=[").append(joinType).append("], where=[");
        if (!keys.isEmpty()) {
            sb.append(keys.equalities(outputType, leftArity)).append(" AND ");
        }
        sb.append(rt).append(" - ").append(lt).append(" BETWEEN ").append(lowerMillis).append(" ms AND ")
                .append(upperMillis).append(" ms");
        if (conditionText != null) {
            sb.append(" AND ").append(conditionText);
        }
        return sb.append("], select=[").append(String.join(", ", outputType.names())).append("])").toString();
    }

    @Override
    public String stateDescription() {
        String per = keys.isEmpty() ? "for the whole input" : "per join key " + keys.leftNames(outputType);
        return "rows of both inputs in event-time buckets of " + (upperMillis - lowerMillis + 1) + " ms, " + per
                + "; a left row until the watermark passes its bucket's end + " + upperMillis + " ms, a right row"
                + " until it passes its bucket's end - " + lowerMillis + " ms";
    }
}

package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import java.util.Arrays;
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
 * @param leftTimeIndex  the left input's rowtime column
 * @param rightTimeIndex the right input's rowtime column
 */
public record IntervalJoinSpec(String id, RowType outputType, JoinType joinType, int leftArity, int[] leftKeys,
        int[] rightKeys, int leftTimeIndex, int rightTimeIndex, long lowerMillis, long upperMillis,
        ScalarExpression condition, String conditionText) implements OperatorSpec {
    public IntervalJoinSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        Objects.requireNonNull(joinType, "joinType is null");
        leftKeys = leftKeys.clone();
        rightKeys = rightKeys.clone();
        if (leftKeys.length != rightKeys.length) {
            throw new IllegalArgumentException("key columns come in pairs");
        }
        if (lowerMillis > upperMillis) {
            throw new IllegalArgumentException("empty interval [" + lowerMillis + ", " + upperMillis + "]");
        }
    }

    @Override
    public int[] leftKeys() {
        return leftKeys.clone();
    }

    @Override
    public int[] rightKeys() {
        return rightKeys.clone();
    }

    /** The key columns of input {@code input} (0 = left, 1 = right). */
    public int[] keysOf(int input) {
        return input == 0 ? leftKeys() : rightKeys();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntervalJoinSpec j && id.equals(j.id) && outputType.equals(j.outputType)
                && joinType == j.joinType && leftArity == j.leftArity && Arrays.equals(leftKeys, j.leftKeys)
                && Arrays.equals(rightKeys, j.rightKeys) && leftTimeIndex == j.leftTimeIndex
                && rightTimeIndex == j.rightTimeIndex && lowerMillis == j.lowerMillis && upperMillis == j.upperMillis
                && Objects.equals(conditionText, j.conditionText);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, joinType, leftArity, Arrays.hashCode(leftKeys),
                Arrays.hashCode(rightKeys), leftTimeIndex, rightTimeIndex, lowerMillis, upperMillis, conditionText);
    }

    @Override
    public String describe() {
        String lt = outputType.field(leftTimeIndex).name();
        String rt = outputType.field(leftArity + rightTimeIndex).name();
        StringBuilder sb = new StringBuilder("IntervalJoin(joinType=[").append(joinType).append("], where=[");
        if (leftKeys.length > 0) {
            sb.append(JoinSpecs.equalities(outputType, leftArity, leftKeys, rightKeys)).append(" AND ");
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
        String per = leftKeys.length == 0 ? "for the whole input"
                : "per join key " + JoinSpecs.keyNames(outputType, leftArity, leftKeys, rightKeys);
        return "rows of both inputs in event-time buckets of " + (upperMillis - lowerMillis + 1) + " ms, " + per
                + "; a left row until the watermark passes its bucket's end + " + upperMillis + " ms, a right row"
                + " until it passes its bucket's end - " + lowerMillis + " ms";
    }
}

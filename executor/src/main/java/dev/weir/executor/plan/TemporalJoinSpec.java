package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import java.util.Objects;

/**
 * An event-time temporal join ({@code FOR SYSTEM_TIME AS OF l.rowtime}) of a stream with a versioned
 * table, as Flink's TemporalRowTimeJoinOperator: each left row waits until the combined watermark
 * (the minimum of both inputs') passes its time, then joins the version of the right input valid
 * at that time, i.e. the right row with equal keys and the latest time not after the left row's,
 * unless that row is a delete ({@code -D}, at the time the row carries); {@code condition} must hold
 * as well. A LEFT join emits a left row without a version NULL-padded. The right input may be a
 * changelog: a right row replaces the version with the same key and time, and {@code -U} rows are
 * skipped (their {@code +U} carries the new version, as Flink's planner has it where the input
 * can leave them out: deduplication, upsert sources). A left row at or behind the watermark
 * (late) is joined, as in Flink, with the next watermark, using the versions still kept: those
 * from the one valid at the watermark on. Output: left columns, then right columns,
 * insert-only; the left rowtime stays a time attribute.
 *
 * @param keys           the join key columns of both inputs, at least one pair (the right ones include the
 *                       versioned table's primary key)
 * @param leftTimeIndex  the left input's rowtime column, the {@code AS OF} time
 * @param rightTimeIndex the right input's rowtime column, a version's start
 */
public record TemporalJoinSpec(String id, RowType outputType, JoinType joinType, int leftArity, JoinKeys keys,
        int leftTimeIndex, int rightTimeIndex, ScalarExpression condition, String conditionText)
        implements OperatorSpec, TwoInputJoinSpec {
    public TemporalJoinSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        Objects.requireNonNull(joinType, "joinType is null");
        if (joinType != JoinType.INNER && joinType != JoinType.LEFT) {
            throw new IllegalArgumentException("a temporal join is INNER or LEFT, not " + joinType);
        }
        Objects.requireNonNull(keys, "keys is null");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a temporal join needs at least one pair of key columns");
        }
    }

    // The compiled condition has no value equality: two specs are equal when its text is.
    @Override
    public boolean equals(Object o) {
        return o instanceof TemporalJoinSpec j && id.equals(j.id) && outputType.equals(j.outputType)
                && joinType == j.joinType && leftArity == j.leftArity && keys.equals(j.keys)
                && leftTimeIndex == j.leftTimeIndex && rightTimeIndex == j.rightTimeIndex
                && Objects.equals(conditionText, j.conditionText);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, joinType, leftArity, keys, leftTimeIndex, rightTimeIndex, conditionText);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("TemporalJoin(joinType=[").append(joinType).append("], where=[")
                .append(keys.equalities(outputType, leftArity))
                .append(" AND FOR SYSTEM_TIME AS OF ").append(outputType.field(leftTimeIndex).name())
                .append(" (versions by ").append(outputType.field(leftArity + rightTimeIndex).name()).append(')');
        if (conditionText != null) {
            sb.append(" AND ").append(conditionText);
        }
        return sb.append("], select=[").append(String.join(", ", outputType.names())).append("])").toString();
    }

    @Override
    public String stateDescription() {
        String per = "per join key " + keys.leftNames(outputType);
        return "left rows until the watermark passes their time, then joined and dropped; the right input's"
                + " versions (one per time) " + per + ", those older than the version valid at the watermark"
                + " dropped as the watermark passes";
    }
}

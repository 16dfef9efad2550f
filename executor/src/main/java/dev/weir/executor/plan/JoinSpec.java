package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import java.util.Objects;

/**
 * A regular (non-windowed) equi-join of two changelogs, as Flink's streaming Join: every row of
 * either input is kept in state and joined with every row of the other input that has the same
 * key and satisfies {@code condition}. Input 0 is the left, input 1 the right.
 *
 * <p>Output: the left columns, then the right columns. An added (+I/+U) row emits its joined rows
 * with its own change kind; a retracted (-U/-D) row retracts them. For an outer side, a row
 * without a match emits itself padded with NULLs ({@code +I}), which is retracted ({@code -D}) as
 * soon as a match arrives, and emitted again when the last match goes. A row with a NULL key
 * matches nothing (SQL equality), so on an outer side it is emitted padded and never stored.
 *
 * @param leftArity     the number of left columns (the right ones follow)
 * @param keys          the equal key columns of both inputs; none for a join with a single-row input (a scalar
 *                      subquery, NOT IN's counts), which runs under one global key, on one subtask
 * @param condition     the rest of the ON condition over the joined row, or null
 * @param conditionText readable form of {@code condition}, or null
 * @param stateTtlMillis a stored row not written for this long (processing time) is dropped
 *                       ({@code table.exec.state.ttl}); 0 keeps rows until retracted
 * @param broadcastInput the input sent whole to every subtask ({@code /*+ BROADCAST(t) *}{@code /}): 0 or 1,
 *                       never an outer join's preserved side and never with a state TTL; -1 for the usual join
 *                       with both inputs hashed on their keys. The other input's rows are spread over the
 *                       subtasks by their hash, so a join without equalities runs on every subtask too.
 */
public record JoinSpec(String id, RowType outputType, JoinType joinType, int leftArity, JoinKeys keys,
        ScalarExpression condition, String conditionText, long stateTtlMillis, int broadcastInput)
        implements OperatorSpec, TwoInputJoinSpec {
    /** {@link #broadcastInput} of a join whose inputs are both hashed on their keys. */
    public static final int NO_BROADCAST = -1;

    public JoinSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        Objects.requireNonNull(joinType, "joinType is null");
        Objects.requireNonNull(keys, "keys is null");
        if (leftArity <= 0 || leftArity >= outputType.arity()) {
            throw new IllegalArgumentException("left arity " + leftArity + " does not fit " + outputType);
        }
        if (stateTtlMillis < 0) {
            throw new IllegalArgumentException("state TTL must not be negative");
        }
        if (broadcastInput != NO_BROADCAST && (broadcastInput < 0 || broadcastInput > 1
                || joinType.isOuter(broadcastInput) || stateTtlMillis > 0)) {
            throw new IllegalArgumentException("input " + broadcastInput + " of a " + joinType + " join with state TTL "
                    + stateTtlMillis + " ms cannot be broadcast");
        }
    }

    /** A join with both inputs hashed on their keys. */
    public JoinSpec(String id, RowType outputType, JoinType joinType, int leftArity, JoinKeys keys,
            ScalarExpression condition, String conditionText, long stateTtlMillis) {
        this(id, outputType, joinType, leftArity, keys, condition, conditionText, stateTtlMillis, NO_BROADCAST);
    }

    /** A join that keeps its rows until they are retracted. */
    public JoinSpec(String id, RowType outputType, JoinType joinType, int leftArity, JoinKeys keys,
            ScalarExpression condition, String conditionText) {
        this(id, outputType, joinType, leftArity, keys, condition, conditionText, 0, NO_BROADCAST);
    }

    /** Whether one input is broadcast ({@link #broadcastInput}). */
    public boolean isBroadcast() {
        return broadcastInput != NO_BROADCAST;
    }

    /** The number of columns of input {@code input} (0 = left, 1 = right). */
    public int arityOf(int input) {
        return input == 0 ? leftArity : outputType.arity() - leftArity;
    }

    // The compiled condition has no value equality: two specs are equal when its text is.
    @Override
    public boolean equals(Object o) {
        return o instanceof JoinSpec j && id.equals(j.id) && outputType.equals(j.outputType)
                && joinType == j.joinType && leftArity == j.leftArity && keys.equals(j.keys)
                && Objects.equals(conditionText, j.conditionText) && stateTtlMillis == j.stateTtlMillis
                && broadcastInput == j.broadcastInput;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, joinType, leftArity, keys, conditionText, stateTtlMillis, broadcastInput);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Join(joinType=[").append(joinType).append("], where=[");
        sb.append(keys.equalities(outputType, leftArity));
        if (conditionText != null) {
            sb.append(keys.isEmpty() ? "" : " AND ").append(conditionText);
        } else if (keys.isEmpty()) {
            sb.append("true");
        }
        sb.append("], select=[").append(String.join(", ", outputType.names())).append(']');
        if (isBroadcast()) {
            sb.append(", broadcast=[").append(broadcastInput == 0 ? "left" : "right").append(']');
        }
        return sb.append(')').toString();
    }

    @Override
    public String stateDescription() {
        if (isBroadcast()) {
            String broadcast = broadcastInput == 0 ? "left" : "right";
            String spread = broadcastInput == 0 ? "right" : "left";
            return "the " + broadcast + " input's rows with their counts in memory on every subtask (broadcast state, "
                    + "copied whole when rescaled); the " + spread + " input's rows with their counts spread over the "
                    + "subtasks by their hash, kept until retracted";
        }
        return "every row of both inputs with its count, " + (keys.isEmpty() ? "under one global key (one subtask)"
                : "per join key " + keys.leftNames(outputType))
                + (stateTtlMillis > 0 ? "; a row is dropped when not written for " + stateTtlMillis
                        + " ms of processing time (table.exec.state.ttl)"
                        : "; kept until retracted (table.exec.state.ttl = 0)");
    }
}

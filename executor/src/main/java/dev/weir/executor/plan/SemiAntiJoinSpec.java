package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import java.util.Objects;

/**
 * A regular (non-windowed) semi or anti join of two changelogs, as Flink's streaming semi/anti
 * join, which runs {@code IN}/{@code EXISTS} (semi) and {@code NOT IN}/{@code NOT EXISTS} (anti)
 * subqueries. Input 0 is the left, input 1 the right (the subquery); the output is the left rows
 * only, unchanged.
 *
 * <p>A left row is emitted (with its own change kind) when at least one right row of the same key
 * satisfies {@code condition} (semi), or none does (anti). A right row that gives a left row its
 * first match emits that left row (semi, with the right row's change kind) or retracts it (anti,
 * {@code -D}); a right retraction that takes a left row's last match retracts it (semi) or emits it
 * again (anti, {@code +I}). A row with a NULL key matches nothing (SQL equality): an anti join
 * emits such a left row at once, a semi join never.
 *
 * <p>Changelog, as Flink infers it: a semi join forwards the change kinds of its inputs (insert-only
 * inputs give an insert-only result); an anti join's result is always updating, since a right row
 * arriving later retracts left rows already emitted.
 *
 * @param outputType    the left input's columns, which are also the output
 * @param rightType     the right input's columns, named apart from the left's (for EXPLAIN)
 * @param anti          true for an anti join, false for a semi join
 * @param keys          the equal key columns of both inputs; none for a join without equalities (NOT IN's
 *                      NULL-aware condition has none), which runs under one global key, on one subtask
 * @param condition     the rest of the condition over a left row followed by a right row, or null
 * @param conditionText readable form of {@code condition}, or null
 * @param stateTtlMillis a stored row not written for this long (processing time) is dropped
 *                       ({@code table.exec.state.ttl}, as for the regular join); 0 keeps rows until retracted
 */
public record SemiAntiJoinSpec(String id, RowType outputType, RowType rightType, boolean anti, JoinKeys keys,
        ScalarExpression condition, String conditionText, long stateTtlMillis)
        implements OperatorSpec, TwoInputJoinSpec {
    public SemiAntiJoinSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        Objects.requireNonNull(rightType, "rightType is null");
        Objects.requireNonNull(keys, "keys is null");
        if (stateTtlMillis < 0) {
            throw new IllegalArgumentException("state TTL must not be negative");
        }
    }

    /** A semi or anti join that keeps its rows until they are retracted. */
    public SemiAntiJoinSpec(String id, RowType outputType, RowType rightType, boolean anti, JoinKeys keys,
            ScalarExpression condition, String conditionText) {
        this(id, outputType, rightType, anti, keys, condition, conditionText, 0);
    }

    // The compiled condition has no value equality: two specs are equal when its text is.
    @Override
    public boolean equals(Object o) {
        return o instanceof SemiAntiJoinSpec j && id.equals(j.id) && outputType.equals(j.outputType)
                && rightType.equals(j.rightType) && anti == j.anti && keys.equals(j.keys)
                && Objects.equals(conditionText, j.conditionText) && stateTtlMillis == j.stateTtlMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, rightType, anti, keys, conditionText, stateTtlMillis);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Join(joinType=[").append(anti ? "LeftAntiJoin" : "LeftSemiJoin")
                .append("], where=[");
        sb.append(keys.equalities(outputType, rightType, 0));
        if (conditionText != null) {
            sb.append(keys.isEmpty() ? "" : " AND ").append(conditionText);
        } else if (keys.isEmpty()) {
            sb.append("true");
        }
        return sb.append("], select=[").append(String.join(", ", outputType.names())).append("])").toString();
    }

    @Override
    public String stateDescription() {
        return "every left row with its count and number of matching right rows, every right row with its count, "
                + (keys.isEmpty() ? "under one global key (one subtask)" : "per join key " + keys.leftNames(outputType))
                + (stateTtlMillis > 0 ? "; a row is dropped when not written for " + stateTtlMillis
                        + " ms of processing time (table.exec.state.ttl)"
                        : "; kept until retracted (table.exec.state.ttl = 0)");
    }
}

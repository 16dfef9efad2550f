package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.executor.expr.ScalarExpression;

/**
 * A join's residual ON condition, checked on a pair of rows without building their joined row: the pair's values
 * are copied into one scratch row, reused for every pair, so that a join building a row only for the pairs that
 * match allocates nothing for the many that do not (the inner loop of joins without equalities).
 */
final class JoinCondition {
    /** Null: every pair matches. */
    private final ScalarExpression condition;
    private final JoinedRows joined;
    private final Object[] scratch;
    /** Over {@link #scratch}; never hashed, never emitted. */
    private final Row scratchRow;

    /** @param condition over the joined row (left columns, then right), or null */
    JoinCondition(ScalarExpression condition, JoinedRows joined) {
        this.condition = condition;
        this.joined = joined;
        this.scratch = new Object[joined.arity()];
        this.scratchRow = Row.wrap(RowKind.INSERT, scratch);
    }

    /** Whether {@code row} of input {@code input} and {@code other} of the other input satisfy the condition. */
    boolean holds(int input, Row row, Row other) {
        if (condition == null) {
            return true;
        }
        joined.fill(scratch, input, row, other);
        return Boolean.TRUE.equals(condition.evaluate(scratchRow));
    }
}

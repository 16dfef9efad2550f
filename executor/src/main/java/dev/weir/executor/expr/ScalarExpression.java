package dev.weir.executor.expr;

import dev.weir.core.Row;

/**
 * A compiled scalar expression over one input row, built once by the planner and evaluated per
 * row. Returns the internal representation of its SQL type (see
 * {@link dev.weir.core.type.DataType}); null is SQL NULL. Runtime errors (division by zero,
 * overflow, bad cast) throw {@link dev.weir.core.WeirException} naming the expression.
 */
@FunctionalInterface
public interface ScalarExpression {
    Object evaluate(Row input);
}

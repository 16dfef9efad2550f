package dev.weir.planner.expr;

import dev.weir.executor.expr.ScalarExpression;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;

/** AND/OR/NOT with SQL three-valued logic, IS [NOT] NULL/TRUE/FALSE, CASE, COALESCE and IF. */
final class Logic {
    private Logic() {
    }

    static ScalarExpression compile(RexCompiler c, RexCall call) {
        List<RexNode> ops = call.getOperands();
        switch (call.getKind()) {
            case AND:
                return junction(c.compileAll(ops), false);
            case OR:
                return junction(c.compileAll(ops), true);
            case NOT: {
                ScalarExpression a = c.compile(ops.get(0));
                return row -> {
                    Object v = a.evaluate(row);
                    return v == null ? null : (Object) !(Boolean) v;
                };
            }
            case IS_NULL: {
                ScalarExpression a = c.compile(ops.get(0));
                return row -> a.evaluate(row) == null;
            }
            case IS_NOT_NULL: {
                ScalarExpression a = c.compile(ops.get(0));
                return row -> a.evaluate(row) != null;
            }
            case IS_TRUE: {
                ScalarExpression a = c.compile(ops.get(0));
                return row -> Boolean.TRUE.equals(a.evaluate(row));
            }
            case IS_NOT_TRUE: {
                ScalarExpression a = c.compile(ops.get(0));
                return row -> !Boolean.TRUE.equals(a.evaluate(row));
            }
            case IS_FALSE: {
                ScalarExpression a = c.compile(ops.get(0));
                return row -> Boolean.FALSE.equals(a.evaluate(row));
            }
            case IS_NOT_FALSE: {
                ScalarExpression a = c.compile(ops.get(0));
                return row -> !Boolean.FALSE.equals(a.evaluate(row));
            }
            case CASE:
                return caseWhen(c, ops, call.getType());
            case COALESCE: {
                ScalarExpression[] all = new ScalarExpression[ops.size()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = c.compile(ops.get(i), call.getType());
                }
                return row -> {
                    for (ScalarExpression op : all) {
                        Object v = op.evaluate(row);
                        if (v != null) {
                            return v;
                        }
                    }
                    return null;
                };
            }
            default:
                throw Errors.unsupported("operator " + call.getOperator().getName());
        }
    }

    /** IF(cond, a, b), in case a caller hands it over unexpanded: the same as CASE. */
    static ScalarExpression ifThenElse(RexCompiler c, RexCall call) {
        if (call.getOperands().size() != 3) {
            throw Errors.unsupported("IF with " + call.getOperands().size() + " arguments in expression '"
                    + c.describe(call) + "'; use IF(condition, then, else)");
        }
        return caseWhen(c, call.getOperands(), call.getType());
    }

    /**
     * AND ({@code decisive} false) or OR ({@code decisive} true) under SQL's three-valued logic: the
     * first operand equal to {@code decisive} decides, else NULL if any operand was NULL.
     */
    private static ScalarExpression junction(ScalarExpression[] all, boolean decisive) {
        Boolean decided = decisive;
        Boolean otherwise = !decisive;
        return row -> {
            boolean sawNull = false;
            for (ScalarExpression op : all) {
                Object v = op.evaluate(row);
                if (v == null) {
                    sawNull = true;
                } else if ((Boolean) v == decisive) {
                    return decided;
                }
            }
            return sawNull ? null : otherwise;
        };
    }

    /** Operands are when1, then1, when2, then2, ..., else; simple CASE arrives already expanded. */
    private static ScalarExpression caseWhen(RexCompiler c, List<RexNode> ops, RelDataType type) {
        int branches = ops.size() / 2;
        ScalarExpression[] whens = new ScalarExpression[branches];
        ScalarExpression[] thens = new ScalarExpression[branches];
        for (int i = 0; i < branches; i++) {
            whens[i] = c.compile(ops.get(2 * i));
            thens[i] = c.compile(ops.get(2 * i + 1), type);
        }
        ScalarExpression otherwise = ops.size() % 2 == 1 ? c.compile(ops.get(ops.size() - 1), type) : row -> null;
        if (branches == 1) {
            ScalarExpression when = whens[0];
            ScalarExpression then = thens[0];
            return row -> Boolean.TRUE.equals(when.evaluate(row)) ? then.evaluate(row) : otherwise.evaluate(row);
        }
        return row -> {
            for (int i = 0; i < whens.length; i++) {
                if (Boolean.TRUE.equals(whens[i].evaluate(row))) {
                    return thens[i].evaluate(row);
                }
            }
            return otherwise.evaluate(row);
        };
    }
}

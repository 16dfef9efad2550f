package dev.weir.planner.expr;

import dev.weir.executor.expr.ScalarExpression;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * + - * / MOD, unary minus, ABS, FLOOR and CEIL. Integral results are computed in long and
 * range-checked into the result type: overflow throws, where Flink silently wraps around.
 * Integral and decimal division by zero throw; DOUBLE follows IEEE (Infinity, NaN) as Flink.
 */
final class Arithmetic {
    private Arithmetic() {
    }

    static ScalarExpression binary(RexCompiler c, RexCall call) {
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        Repr l = Repr.of(left.getType());
        Repr r = Repr.of(right.getType());
        if (l.isDatetime() || r.isDatetime()) {
            return TimeFunctions.arithmetic(c, call);
        }
        Repr result = Repr.of(call.getType());
        String text = c.describe(call);
        SqlKind kind = call.getKind();
        ScalarExpression a = c.compile(left);
        ScalarExpression b = c.compile(right);
        if (result.isIntegral()) {
            return integral(kind, a, b, LongBoxer.of(result, text), text);
        }
        if (result == Repr.DOUBLE) {
            return doubles(kind, a, b);
        }
        if (result == Repr.FLOAT) {
            return floats(kind, a, b);
        }
        if (result == Repr.DECIMAL) {
            return decimals(kind, decimalOf(a, l), decimalOf(b, r), call.getType(), text);
        }
        throw Errors.unsupported("operator " + call.getOperator().getName() + " on " + result
                + " in expression '" + text + "'");
    }

    private static ScalarExpression integral(SqlKind kind, ScalarExpression a, ScalarExpression b,
            LongBoxer box, String text) {
        LongOp op = switch (kind) {
            case PLUS -> (l, r) -> {
                long sum = l + r;
                // Overflow iff both operands have the sign opposite to the result.
                if (((l ^ sum) & (r ^ sum)) < 0) {
                    throw Errors.overflow(text);
                }
                return sum;
            };
            case MINUS -> (l, r) -> {
                long diff = l - r;
                if (((l ^ r) & (l ^ diff)) < 0) {
                    throw Errors.overflow(text);
                }
                return diff;
            };
            case TIMES -> (l, r) -> {
                long hi = Math.multiplyHigh(l, r);
                long lo = l * r;
                if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
                    throw Errors.overflow(text);
                }
                return lo;
            };
            case DIVIDE -> (l, r) -> {
                if (r == 0) {
                    throw Errors.divisionByZero(text);
                }
                if (l == Long.MIN_VALUE && r == -1) {
                    throw Errors.overflow(text);
                }
                return l / r;
            };
            case MOD -> (l, r) -> {
                if (r == 0) {
                    throw Errors.divisionByZero(text);
                }
                // Java's % keeps the dividend's sign, as SQL's MOD does; MIN % -1 is 0, no trap.
                return l % r;
            };
            default -> throw new IllegalArgumentException(kind.toString());
        };
        return row -> {
            Object x = a.evaluate(row);
            Object y = x == null ? null : b.evaluate(row);
            return y == null ? null : box.box(op.apply(((Number) x).longValue(), ((Number) y).longValue()));
        };
    }

    private static ScalarExpression doubles(SqlKind kind, ScalarExpression a, ScalarExpression b) {
        DoubleOp op = doubleOp(kind);
        return row -> {
            Object x = a.evaluate(row);
            Object y = x == null ? null : b.evaluate(row);
            return y == null ? null : (Object) op.apply(((Number) x).doubleValue(), ((Number) y).doubleValue());
        };
    }

    /** FLOAT: computed in double, the result narrowed back to float. */
    private static ScalarExpression floats(SqlKind kind, ScalarExpression a, ScalarExpression b) {
        DoubleOp op = doubleOp(kind);
        return row -> {
            Object x = a.evaluate(row);
            Object y = x == null ? null : b.evaluate(row);
            return y == null ? null
                    : (Object) (float) op.apply(((Number) x).floatValue(), ((Number) y).floatValue());
        };
    }

    private static DoubleOp doubleOp(SqlKind kind) {
        return switch (kind) {
            case PLUS -> (x, y) -> x + y;
            case MINUS -> (x, y) -> x - y;
            case TIMES -> (x, y) -> x * y;
            case DIVIDE -> (x, y) -> x / y;
            case MOD -> (x, y) -> x % y;
            default -> throw new IllegalArgumentException(kind.toString());
        };
    }

    private static ScalarExpression decimals(SqlKind kind, ScalarExpression a, ScalarExpression b,
            RelDataType type, String text) {
        int precision = type.getPrecision();
        int scale = type.getScale();
        DecimalOp op = switch (kind) {
            case PLUS -> BigDecimal::add;
            case MINUS -> BigDecimal::subtract;
            case TIMES -> BigDecimal::multiply;
            case DIVIDE -> (x, y) -> {
                if (y.signum() == 0) {
                    throw Errors.divisionByZero(text);
                }
                return x.divide(y, scale, RoundingMode.HALF_UP);
            };
            case MOD -> (x, y) -> {
                if (y.signum() == 0) {
                    throw Errors.divisionByZero(text);
                }
                return x.remainder(y);
            };
            default -> throw new IllegalArgumentException(kind.toString());
        };
        return row -> {
            Object x = a.evaluate(row);
            Object y = x == null ? null : b.evaluate(row);
            return y == null ? null
                    : Casts.fitDecimal(op.apply((BigDecimal) x, (BigDecimal) y), precision, scale, text);
        };
    }

    /** Presents a numeric operand as BigDecimal, converting once per value only if needed. */
    private static ScalarExpression decimalOf(ScalarExpression e, Repr repr) {
        if (repr == Repr.DECIMAL) {
            return e;
        }
        if (repr.isIntegral()) {
            return row -> {
                Object v = e.evaluate(row);
                return v == null ? null : BigDecimal.valueOf(((Number) v).longValue());
            };
        }
        return row -> {
            Object v = e.evaluate(row);
            return v == null ? null : BigDecimal.valueOf(((Number) v).doubleValue());
        };
    }

    static ScalarExpression negate(RexCompiler c, RexCall call) {
        RexNode operand = call.getOperands().get(0);
        Repr result = Repr.of(call.getType());
        String text = c.describe(call);
        ScalarExpression a = c.compile(operand, call.getType());
        return switch (result) {
            case TINYINT, SMALLINT, INT, BIGINT, INTERVAL_MILLIS, INTERVAL_MONTHS ->
                    integralUnary(a, LongBoxer.of(result, text), text, l -> -l);
            case DOUBLE -> row -> {
                Object v = a.evaluate(row);
                return v == null ? null : (Object) (-(Double) v);
            };
            case FLOAT -> row -> {
                Object v = a.evaluate(row);
                return v == null ? null : (Object) (-(Float) v);
            };
            case DECIMAL -> row -> {
                Object v = a.evaluate(row);
                return v == null ? null : ((BigDecimal) v).negate();
            };
            default -> throw Errors.unsupported("unary minus on " + result + " in expression '" + text + "'");
        };
    }

    static ScalarExpression abs(RexCompiler c, RexCall call) {
        Repr result = Repr.of(call.getType());
        String text = c.describe(call);
        ScalarExpression a = c.compile(call.getOperands().get(0), call.getType());
        return switch (result) {
            case TINYINT, SMALLINT, INT, BIGINT -> integralUnary(a, LongBoxer.of(result, text), text, Math::abs);
            case DOUBLE -> row -> {
                Object v = a.evaluate(row);
                return v == null ? null : (Object) Math.abs((Double) v);
            };
            case FLOAT -> row -> {
                Object v = a.evaluate(row);
                return v == null ? null : (Object) Math.abs((Float) v);
            };
            case DECIMAL -> row -> {
                Object v = a.evaluate(row);
                return v == null ? null : ((BigDecimal) v).abs();
            };
            default -> throw Errors.unsupported("ABS on " + result + " in expression '" + text + "'");
        };
    }

    /** -x or ABS(x) in long: only Long.MIN_VALUE overflows there; the boxer checks the result type's range. */
    private static ScalarExpression integralUnary(ScalarExpression a, LongBoxer box, String text,
            LongUnaryOperator op) {
        return row -> {
            Object v = a.evaluate(row);
            if (v == null) {
                return null;
            }
            long l = ((Number) v).longValue();
            if (l == Long.MIN_VALUE) {
                throw Errors.overflow(text);
            }
            return box.box(op.applyAsLong(l));
        };
    }

    /** FLOOR(x) and CEIL(x) of numbers; FLOOR(ts TO unit) is not supported yet. */
    static ScalarExpression floorCeil(RexCompiler c, RexCall call) {
        List<RexNode> ops = call.getOperands();
        String text = c.describe(call);
        if (ops.size() != 1) {
            throw Errors.unsupported("function " + call.getOperator().getName() + " with a time unit in expression '"
                    + text + "'");
        }
        boolean floor = call.getKind() == SqlKind.FLOOR;
        Repr result = Repr.of(call.getType());
        ScalarExpression a = c.compile(ops.get(0));
        Repr source = Repr.of(ops.get(0).getType());
        if (result.isIntegral() && source.isIntegral()) {
            return c.compile(ops.get(0), call.getType());
        }
        return switch (result) {
            case DOUBLE -> row -> {
                Object v = a.evaluate(row);
                if (v == null) {
                    return null;
                }
                double d = ((Number) v).doubleValue();
                return floor ? Math.floor(d) : Math.ceil(d);
            };
            case FLOAT -> row -> {
                Object v = a.evaluate(row);
                if (v == null) {
                    return null;
                }
                double d = ((Number) v).doubleValue();
                return (float) (floor ? Math.floor(d) : Math.ceil(d));
            };
            case DECIMAL -> {
                int scale = call.getType().getScale();
                RoundingMode mode = floor ? RoundingMode.FLOOR : RoundingMode.CEILING;
                yield row -> {
                    Object v = a.evaluate(row);
                    return v == null ? null : ((BigDecimal) v).setScale(0, mode).setScale(scale);
                };
            }
            default -> throw Errors.unsupported("function " + call.getOperator().getName() + " on "
                    + source + " in expression '" + text + "'");
        };
    }

    /** An integral operation that throws on overflow or division by zero. */
    @FunctionalInterface
    private interface LongOp {
        long apply(long l, long r);
    }

    @FunctionalInterface
    private interface DoubleOp {
        double apply(double x, double y);
    }

    @FunctionalInterface
    private interface DecimalOp {
        BigDecimal apply(BigDecimal x, BigDecimal y);
    }
}

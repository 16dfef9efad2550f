package dev.weir.planner.expr;

import dev.weir.executor.expr.ScalarExpression;
import java.math.BigDecimal;
import java.util.function.IntPredicate;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * = <> < <= > >= and IS [NOT] DISTINCT FROM. The way two values are compared is chosen at
 * compile time from both operand types: long for integers, double if either side is
 * approximate, BigDecimal for exact mixes, natural order for same-typed non-numerics.
 */
final class Comparisons {
    private Comparisons() {
    }

    @FunctionalInterface
    private interface Cmp {
        int compare(Object x, Object y);
    }

    static ScalarExpression compile(RexCompiler c, RexCall call) {
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        Repr l = Repr.of(left.getType());
        Repr r = Repr.of(right.getType());
        ScalarExpression a;
        ScalarExpression b;
        Cmp cmp;
        if (l.isNumeric() && r.isNumeric()) {
            a = c.compile(left);
            b = c.compile(right);
            if (l.isIntegral() && r.isIntegral()) {
                cmp = (x, y) -> Long.compare(((Number) x).longValue(), ((Number) y).longValue());
            } else if (l.isApproximate() || r.isApproximate()) {
                cmp = (x, y) -> Double.compare(((Number) x).doubleValue(), ((Number) y).doubleValue());
            } else {
                cmp = (x, y) -> decimal(x).compareTo(decimal(y));
            }
        } else {
            RelDataType common = commonType(left.getType(), right.getType(), l, r);
            if (common == null) {
                throw Errors.unsupported("comparing " + Describer.typeName(left.getType()) + " with "
                        + Describer.typeName(right.getType()) + " in expression '" + c.describe(call)
                        + "'; add an explicit CAST");
            }
            Repr repr = Repr.of(common);
            if ((repr == Repr.ARRAY || repr == Repr.MAP) && !isEquality(call.getKind())) {
                throw Errors.unsupported("ordering " + Describer.typeName(common) + " values in expression '"
                        + c.describe(call) + "'; collections can only be compared for equality");
            }
            a = c.compile(left, common);
            b = c.compile(right, common);
            cmp = naturalOrder(repr);
        }
        SqlKind kind = call.getKind();
        if (kind == SqlKind.IS_DISTINCT_FROM || kind == SqlKind.IS_NOT_DISTINCT_FROM) {
            boolean distinct = kind == SqlKind.IS_DISTINCT_FROM;
            return row -> {
                Object x = a.evaluate(row);
                Object y = b.evaluate(row);
                boolean same = x == null ? y == null : y != null && cmp.compare(x, y) == 0;
                return same != distinct;
            };
        }
        IntPredicate test = switch (kind) {
            case EQUALS -> v -> v == 0;
            case NOT_EQUALS -> v -> v != 0;
            case LESS_THAN -> v -> v < 0;
            case LESS_THAN_OR_EQUAL -> v -> v <= 0;
            case GREATER_THAN -> v -> v > 0;
            case GREATER_THAN_OR_EQUAL -> v -> v >= 0;
            default -> throw new IllegalArgumentException(kind.toString());
        };
        return row -> {
            Object x = a.evaluate(row);
            Object y = x == null ? null : b.evaluate(row);
            return y == null ? null : (Object) test.test(cmp.compare(x, y));
        };
    }

    private static BigDecimal decimal(Object v) {
        return v instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) v).longValue());
    }

    /** The type both sides are converted to; null if they cannot be compared. */
    private static RelDataType commonType(RelDataType left, RelDataType right, Repr l, Repr r) {
        if (l == r || r == Repr.NULL) {
            return left;
        }
        if (l == Repr.NULL) {
            return right;
        }
        // After Calcite's implicit casts these are the mixes left: an instant against a wall
        // clock, a date against a timestamp, a string literal against a typed column.
        if (l == Repr.TIMESTAMP_LTZ && (r == Repr.TIMESTAMP || r == Repr.DATE || r == Repr.STRING)) {
            return left;
        }
        if (r == Repr.TIMESTAMP_LTZ && (l == Repr.TIMESTAMP || l == Repr.DATE || l == Repr.STRING)) {
            return right;
        }
        if (l == Repr.TIMESTAMP && (r == Repr.DATE || r == Repr.STRING)) {
            return left;
        }
        if (r == Repr.TIMESTAMP && (l == Repr.DATE || l == Repr.STRING)) {
            return right;
        }
        if (r == Repr.STRING && l != Repr.BYTES) {
            return left;
        }
        if (l == Repr.STRING && r != Repr.BYTES) {
            return right;
        }
        return null;
    }

    private static boolean isEquality(SqlKind kind) {
        return kind == SqlKind.EQUALS || kind == SqlKind.NOT_EQUALS || kind == SqlKind.IS_DISTINCT_FROM
                || kind == SqlKind.IS_NOT_DISTINCT_FROM;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Cmp naturalOrder(Repr repr) {
        if (repr == Repr.ARRAY || repr == Repr.MAP) {
            // element-wise equality (List/Map equals); only = <> and IS [NOT] DISTINCT FROM get here
            return (x, y) -> x.equals(y) ? 0 : 1;
        }
        if (repr == Repr.BYTES) {
            return (x, y) -> java.util.Arrays.compareUnsigned((byte[]) x, (byte[]) y);
        }
        return (x, y) -> ((Comparable) x).compareTo(y);
    }
}

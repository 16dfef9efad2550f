package dev.weir.planner.expr;

import dev.weir.core.WeirException;

/** The run-time errors compiled expressions raise; each names the expression it happened in. */
final class Errors {
    private Errors() {
    }

    static WeirException overflow(String expression) {
        return new WeirException("Numeric overflow in expression '" + expression
                + "'; cast the operands to a wider type (BIGINT, DECIMAL or DOUBLE)");
    }

    static WeirException divisionByZero(String expression) {
        return new WeirException("Division by zero in expression '" + expression
                + "'; guard the divisor, e.g. CASE WHEN d = 0 THEN NULL ELSE n / d END");
    }

    static WeirException badCast(Object value, String targetType, String expression, String reason) {
        return new WeirException("Cannot cast '" + value + "' to " + targetType + " in expression '"
                + expression + "'" + (reason == null ? "" : ": " + reason)
                + "; fix the input or filter out malformed values");
    }

    static WeirException unsupported(String what) {
        return new WeirException("Not supported yet: " + what);
    }
}

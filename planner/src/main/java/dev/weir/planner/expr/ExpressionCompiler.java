package dev.weir.planner.expr;

import dev.weir.executor.expr.ScalarExpression;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.rex.RexNode;

/**
 * Compiles validated Calcite {@link RexNode}s into trees of small specialised
 * {@link ScalarExpression} closures. All dispatch on operators and types happens here, once;
 * evaluation only runs the chosen closures. Values use Weir's internal representation (see
 * {@link dev.weir.core.type.DataType}).
 *
 * <p>Run-time errors are {@link dev.weir.core.WeirException}s naming the expression:
 * integer overflow in + - * and CAST (Flink silently wraps around; Weir deliberately reports
 * it), integer and decimal division by zero, and malformed strings in CAST / TO_TIMESTAMP.
 * DOUBLE division by zero follows IEEE (Infinity, NaN) as in Flink. An unsupported operator
 * fails here, at compile time, with "Not supported yet: ...".
 */
public final class ExpressionCompiler {
    private ExpressionCompiler() {
    }

    /** Compiles once; the result is evaluated per row. Input refs ($i) read row.field(i). */
    public static ScalarExpression compile(RexNode expr, ZoneId sessionZone) {
        return compile(expr, sessionZone, null);
    }

    /**
     * As {@link #compile(RexNode, ZoneId)}, with input names so that run-time error messages
     * read {@code +(id, 1)} instead of {@code +($0, 1)}. {@code inputNames} may be null.
     */
    public static ScalarExpression compile(RexNode expr, ZoneId sessionZone, List<String> inputNames) {
        Objects.requireNonNull(expr, "expr is null");
        Objects.requireNonNull(sessionZone, "sessionZone is null");
        return new RexCompiler(sessionZone, inputNames == null ? null : List.copyOf(inputNames)).compile(expr);
    }

    /** Readable form for EXPLAIN with input names, e.g. CAST(MOD(/(id, 7), 1000) AS BIGINT) or -(date_time, 4000:INTERVAL SECOND). */
    public static String describe(RexNode expr, List<String> inputNames) {
        Objects.requireNonNull(expr, "expr is null");
        return Describer.describe(expr, inputNames);
    }
}

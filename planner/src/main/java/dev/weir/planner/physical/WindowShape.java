package dev.weir.planner.physical;

import static dev.weir.planner.physical.PhysicalPlanner.unsupported;

import dev.weir.core.WeirException;
import dev.weir.executor.plan.WindowKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * A window function's arguments, read from the TableFunctionScan's call, in Flink's order:
 * TUMBLE(size [, offset]), HOP(slide, size [, offset]), CUMULATE(step, size [, offset]).
 */
record WindowShape(WindowKind kind, int timeIndex, long sizeMillis, long slideMillis, long offsetMillis) {
    /** {@code SESSION(DESCRIPTOR(ts), gap)}: the gap in {@code sizeMillis}; kind is unused (null). */
    static WindowShape session(RexCall call) {
        int time = -1;
        long gap = -1;
        for (RexNode operand : call.getOperands()) {
            if (operand instanceof RexCall c && c.getKind() == SqlKind.DESCRIPTOR && time >= 0) {
                continue; // the PARTITION BY keys (sessionPartitionKeys)
            }
            if (operand instanceof RexCall c && c.getKind() == SqlKind.DESCRIPTOR) {
                if (c.getOperands().size() != 1 || !(c.getOperands().get(0) instanceof RexInputRef ref)) {
                    throw unsupported("DESCRIPTOR with more than one column in SESSION");
                }
                time = ref.getIndex();
            } else if (operand instanceof RexLiteral literal
                    && SqlTypeUtil.isInterval(literal.getType())
                    && literal.getValueAs(BigDecimal.class) != null) {
                gap = literal.getValueAs(BigDecimal.class).longValueExact();
            } else if (!(operand instanceof RexInputRef)) {
                throw unsupported("SESSION arguments other than a constant interval: " + operand);
            }
        }
        if (time < 0 || gap < 0) {
            throw new WeirException("SESSION needs a DESCRIPTOR(time column) and a gap interval, got " + call);
        }
        if (gap == 0) {
            throw new WeirException("SESSION window gap must be positive, got 0 ms.");
        }
        return new WindowShape(null, time, gap, gap, 0);
    }

    /** The PARTITION BY columns of a SESSION call that kept them (no GROUP BY); none without. */
    static int[] sessionPartitionKeys(RexCall call) {
        boolean timeSeen = false;
        for (RexNode operand : call.getOperands()) {
            if (operand instanceof RexCall c && c.getKind() == SqlKind.DESCRIPTOR) {
                if (timeSeen) {
                    int[] keys = new int[c.getOperands().size()];
                    for (int i = 0; i < keys.length; i++) {
                        if (!(c.getOperands().get(i) instanceof RexInputRef ref)) {
                            throw unsupported("SESSION PARTITION BY over expressions: " + c);
                        }
                        keys[i] = ref.getIndex();
                    }
                    return keys;
                }
                timeSeen = true;
            }
        }
        return new int[0];
    }

    static WindowShape of(RexCall call) {
        WindowKind kind = kindOf(call.getOperator().getName());
        String name = kind.name();
        int time = -1;
        List<Long> intervals = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
            if (operand instanceof RexCall c && c.getKind() == SqlKind.DESCRIPTOR) {
                if (c.getOperands().size() != 1 || !(c.getOperands().get(0) instanceof RexInputRef ref)) {
                    throw unsupported("DESCRIPTOR with more than one column in " + name);
                }
                time = ref.getIndex();
            } else if (operand instanceof RexLiteral literal
                    && literal.getType().getSqlTypeName().getFamily() != null
                    && literal.getValueAs(BigDecimal.class) != null
                    && SqlTypeUtil.isInterval(literal.getType())) {
                intervals.add(literal.getValueAs(BigDecimal.class).longValueExact());
            } else if (!(operand instanceof RexInputRef)) {
                throw unsupported(name + " arguments other than constant intervals: " + operand);
            }
        }
        int sizes = kind == WindowKind.TUMBLE ? 1 : 2;
        if (time < 0 || intervals.size() < sizes) {
            throw new WeirException(name + " needs a DESCRIPTOR(time column) and " + (sizes == 1 ? "a size"
                    : kind == WindowKind.HOP ? "a slide and a size" : "a step and a size")
                    + " interval, got " + call);
        }
        long first = intervals.get(0);
        long size = intervals.get(sizes - 1);
        long offset = intervals.size() > sizes ? intervals.get(sizes) : 0L;
        for (long v : List.of(first, size)) {
            if (v <= 0) {
                throw new WeirException(name + " window " + (v == size ? "size" : kind == WindowKind.HOP ? "slide"
                        : "step") + " must be positive, got " + v + " ms.");
            }
        }
        if (kind == WindowKind.CUMULATE && size % first != 0) {
            throw new WeirException("CUMULATE window size (" + size + " ms) must be an integral multiple of its "
                    + "step (" + first + " ms). Change the step or the size.");
        }
        return new WindowShape(kind, time, size, kind == WindowKind.TUMBLE ? size : first, offset);
    }

    /** The window function a TableFunctionScan calls, by name; null for other table functions (SESSION too). */
    static WindowKind kindOf(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "TUMBLE" -> WindowKind.TUMBLE;
            case "HOP" -> WindowKind.HOP;
            case "CUMULATE" -> WindowKind.CUMULATE;
            default -> null;
        };
    }
}

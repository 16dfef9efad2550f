package dev.weir.planner.expr;

import dev.weir.core.WeirException;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;

/**
 * Compiles {@code CURRENT_WATERMARK(rowtime)} in a Calc: each call becomes a read of one extra
 * input field, {@code $n} for an input of n fields, which the Calc operator fills with the last
 * watermark it received (see {@code CalcSpec#readsWatermark}). The watermark is per subtask while
 * compiled expressions are shared, hence a field rather than state in the closure.
 */
public final class CurrentWatermark {
    private CurrentWatermark() {
    }

    /** Whether {@code e} calls CURRENT_WATERMARK. */
    public static boolean usedIn(RexNode e) {
        return e != null && RexUtil.findOperatorCall(FlinkFunctions.CURRENT_WATERMARK, e) != null;
    }

    /** Whether any of {@code exprs} (nulls allowed) calls CURRENT_WATERMARK. */
    public static boolean usedIn(List<RexNode> exprs, RexNode condition) {
        for (RexNode e : exprs) {
            if (usedIn(e)) {
                return true;
            }
        }
        return usedIn(condition);
    }

    /**
     * {@code e} with every CURRENT_WATERMARK call replaced by a reference to field
     * {@code inputArity}. Each call's argument must be the input's rowtime attribute
     * ({@code rowtime}, -1 when the input has none).
     *
     * @throws WeirException naming the function when an argument is not the rowtime attribute
     */
    public static RexNode rewrite(RexNode e, int rowtime, int inputArity, List<String> inputNames) {
        if (e == null) {
            return null;
        }
        return e.accept(new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                if (call.getOperator() != FlinkFunctions.CURRENT_WATERMARK) {
                    return super.visitCall(call);
                }
                RexNode arg = call.getOperands().get(0);
                if (!(arg instanceof RexInputRef ref) || ref.getIndex() != rowtime) {
                    throw new WeirException("The function CURRENT_WATERMARK requires a rowtime attribute as its "
                            + "argument, but '" + Describer.describe(arg, inputNames) + "' in '"
                            + Describer.describe(call, inputNames) + "' is not "
                            + (rowtime < 0 ? "(this input has no time attribute: no WATERMARK, or it was lost in "
                                    + "an aggregation or join)"
                                    : "(the input's time attribute is '" + name(rowtime, inputNames) + "')")
                            + "; pass a column declared with WATERMARK FOR.");
                }
                return new RexInputRef(inputArity, call.getType());
            }
        });
    }

    private static String name(int index, List<String> names) {
        return names != null && index < names.size() ? names.get(index) : "$" + index;
    }
}

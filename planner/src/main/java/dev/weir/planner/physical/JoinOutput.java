package dev.weir.planner.physical;

import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.plan.JoinType;
import dev.weir.planner.expr.ExpressionCompiler;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * What a join of two inputs outputs (regular, interval, window and temporal joins alike): the left
 * input's physical columns, then the right's, those of a side the join pads with NULLs made
 * nullable; where the join's logical columns stand among them; and the rest of the join condition
 * (all but the key equalities), compiled over those columns.
 *
 * @param type the join operator's output columns
 * @param fieldMap for each logical column of the join, its position in {@code type}
 * @param condition the rest of the condition, or null when the key equalities are all of it
 * @param conditionText {@code condition} for EXPLAIN, or null
 */
record JoinOutput(RowType type, int[] fieldMap, ScalarExpression condition, String conditionText) {
    JoinOutput {
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(fieldMap, "fieldMap is null");
    }

    /**
     * The output of joining {@code left} and {@code right} (fragments finished in their logical
     * order, of {@code leftCount} and {@code rightCount} logical columns) into a join whose logical
     * row type is {@code logicalType}; {@code remaining} is over the logical columns.
     */
    static JoinOutput of(RelDataType logicalType, int leftCount, int rightCount, Fragment left, Fragment right,
            JoinType type, List<RexNode> remaining, RexBuilder rexBuilder, ZoneId zone) {
        int leftWidth = left.type.arity();
        RowType.Builder out = RowType.builder();
        List<RelDataTypeField> logical = logicalType.getFieldList();
        for (int i = 0; i < leftWidth; i++) {
            out.add(i < leftCount ? logical.get(i).getName() : left.type.field(i).name(),
                    left.type.type(i).nullable(left.type.type(i).isNullable() || type.isOuter(1)));
        }
        for (int i = 0; i < right.type.arity(); i++) {
            out.add(i < rightCount ? logical.get(leftCount + i).getName() : right.type.field(i).name(),
                    right.type.type(i).nullable(right.type.type(i).isNullable() || type.isOuter(0)));
        }
        RowType outType = out.build();
        int[] fieldMap = fieldMap(leftCount, rightCount, leftWidth);
        RexNode rest = remaining.isEmpty() ? null
                : RexPrograms.remap(RexUtil.composeConjunction(rexBuilder, remaining), fieldMap);
        ScalarExpression condition = rest == null ? null : ExpressionCompiler.compile(rest, zone);
        String conditionText = rest == null ? null : ExpressionCompiler.describe(rest, outType.names());
        return new JoinOutput(outType, fieldMap, condition, conditionText);
    }

    /**
     * Where the logical columns of a join stand among the operator's: the left input's first, then
     * the right's after all {@code leftWidth} physical columns of the left (key columns a Calc
     * appended included).
     */
    static int[] fieldMap(int leftCount, int rightCount, int leftWidth) {
        int[] fieldMap = new int[leftCount + rightCount];
        for (int i = 0; i < fieldMap.length; i++) {
            fieldMap[i] = i < leftCount ? i : leftWidth + i - leftCount;
        }
        return fieldMap;
    }

    /** The field map the joined fragment keeps: null when the logical columns are the output's, in order. */
    int[] fragmentFieldMap() {
        return RexPrograms.isIdentity(fieldMap) && fieldMap.length == type.arity() ? null : fieldMap;
    }
}

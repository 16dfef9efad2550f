package dev.weir.planner.physical;

import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.plan.UnnestSpec;
import dev.weir.planner.calcite.CalciteTypes;
import dev.weir.planner.expr.ExpressionCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Uncollect;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code CROSS JOIN UNNEST(t.arr) AS u(x)} and {@code LEFT JOIN UNNEST(...) ON TRUE}: Calcite makes
 * them a Correlate whose right side is an Uncollect of one expression over the left row (a Project
 * of the correlation variable over a one-row Values), optionally under a Calc that renames,
 * computes or (for an inner join) filters. Planned, as Flink does, as a stateless flat-map
 * ({@link UnnestSpec}) followed by a Calc for whatever the right side computes on top.
 */
final class UnnestPlanning {
    private final PlanContext context;

    UnnestPlanning(PlanContext context) {
        this.context = Objects.requireNonNull(context, "context is null");
    }

    /** Whether {@code correlate} is an UNNEST of a collection of the left row. */
    static boolean matches(Correlate correlate) {
        return shape(correlate) != null;
    }

    /** The right side taken apart: the Calc above the Uncollect (or null), the Uncollect, and what it unnests. */
    private record Shape(Calc above, Uncollect uncollect, RexNode collection) {
    }

    private static Shape shape(Correlate correlate) {
        RelNode right = correlate.getRight();
        Calc above = null;
        if (right instanceof Calc calc) {
            above = calc;
            right = calc.getInput();
        }
        if (!(right instanceof Uncollect uncollect)) {
            return null;
        }
        RelNode source = uncollect.getInput();
        List<RexNode> exprs;
        if (source instanceof Calc calc && calc.getProgram().getCondition() == null) {
            exprs = RexPrograms.expand(calc.getProgram());
            source = calc.getInput();
        } else if (source instanceof Project project) {
            exprs = project.getProjects();
            source = project.getInput();
        } else {
            return null;
        }
        if (!(source instanceof Values values) || values.getTuples().size() != 1 || exprs.size() != 1) {
            return null;
        }
        SqlTypeName type = exprs.get(0).getType().getSqlTypeName();
        if (type != SqlTypeName.ARRAY && type != SqlTypeName.MAP) {
            return null;
        }
        return new Shape(above, uncollect, exprs.get(0));
    }

    Fragment unnest(Correlate correlate) {
        Shape shape = shape(correlate);
        boolean left = switch (correlate.getJoinType()) {
            case INNER -> false;
            case LEFT -> true;
            default -> throw PhysicalPlanner.unsupported(correlate.getJoinType() + " JOIN UNNEST; write CROSS JOIN "
                    + "UNNEST(...) or LEFT JOIN UNNEST(...) ON TRUE");
        };
        RexNode collection = overLeftRow(shape.collection(), correlate);
        if (collection == null) {
            throw PhysicalPlanner.unsupported("UNNEST of '" + shape.collection() + "': only an expression over the "
                    + "columns of the table it is joined with can be unnested");
        }
        if (shape.collection().getType().getSqlTypeName() == SqlTypeName.ARRAY
                && shape.collection().getType().getComponentType().isStruct()) {
            throw PhysicalPlanner.unsupported("UNNEST of an array of rows (ROW types are not supported yet)");
        }
        if (left && shape.above() != null && shape.above().getProgram().getCondition() != null) {
            throw PhysicalPlanner.unsupported("a condition on the unnested columns of a LEFT JOIN UNNEST; move it "
                    + "into a WHERE clause over the join");
        }
        RelNode leftInput = correlate.getLeft();
        Fragment f = context.translateInOrder(leftInput);
        int leftArity = leftInput.getRowType().getFieldCount();
        boolean isMap = shape.collection().getType().getSqlTypeName() == SqlTypeName.MAP;
        boolean ordinality = shape.uncollect().withOrdinality;

        // The flat-map's output: the left row, then the Uncollect's columns.
        RowType.Builder out = RowType.builder();
        for (int i = 0; i < leftArity; i++) {
            out.add(f.type.field(i).name(), f.type.type(i));
        }
        List<String> origins = new ArrayList<>(f.origins);
        String collectionOrigin = ExpressionCompiler.describe(collection, f.origins);
        List<org.apache.calcite.rel.type.RelDataTypeField> unnested = shape.uncollect().getRowType().getFieldList();
        boolean passThrough = shape.above() == null || isTrivial(shape.above().getProgram(), unnested.size());
        List<String> joinedNames = correlate.getRowType().getFieldNames();
        for (int i = 0; i < unnested.size(); i++) {
            RelDataType t = unnested.get(i).getType();
            // the aliases of AS t (x, ...) when nothing is computed on top; the elements of a NULL or
            // empty collection of a LEFT JOIN are NULL
            String name = passThrough ? joinedNames.get(leftArity + i) : "$unnest" + i;
            out.add(name, CalciteTypes.toDataType(t).nullable(left || t.isNullable()));
            origins.add("UNNEST(" + collectionOrigin + ")." + i);
        }
        RowType outType = out.build();
        String text = ExpressionCompiler.describe(collection, f.type.names());
        ScalarExpression compiled = ExpressionCompiler.compile(collection, context.zone(), f.type.names());
        UnnestSpec draft = new UnnestSpec("draft", outType, compiled, text, isMap, ordinality, left);
        // Stateless: the id only has to be unique, so the position keeps two identical ones apart.
        f.add(new UnnestSpec(OperatorIds.derive("unnest-", draft.describe(), f.lineage() + "\n#" + f.ops.size()),
                outType, compiled, text, isMap, ordinality, left), outType);
        f.origins = origins;

        if (!passThrough) {
            // What the right side computes over the unnested columns, over the joined row.
            RexProgram program = shape.above().getProgram();
            List<RexNode> projections = new ArrayList<>();
            for (int i = 0; i < leftArity; i++) {
                projections.add(new RexInputRef(i, leftInput.getRowType().getFieldList().get(i).getType()));
            }
            for (RexNode p : RexPrograms.expand(program)) {
                projections.add(RexUtil.shift(p, leftArity));
            }
            RexNode condition = RexPrograms.condition(program);
            f.addCalc(projections, condition == null ? null : RexUtil.shift(condition, leftArity),
                    correlate.getRowType());
        }
        return f;
    }

    /** Whether the Calc above the Uncollect only passes its columns on (as {@code AS u(x)} makes it). */
    private static boolean isTrivial(RexProgram program, int inputs) {
        if (program.getCondition() != null) {
            return false;
        }
        List<RexNode> projections = RexPrograms.expand(program);
        if (projections.size() != inputs) {
            return false;
        }
        for (int i = 0; i < inputs; i++) {
            if (!(projections.get(i) instanceof RexInputRef ref) || ref.getIndex() != i) {
                return false;
            }
        }
        return true;
    }

    /** {@code expr} with the correlation variable's fields turned into references to the left row; null if impossible. */
    private static RexNode overLeftRow(RexNode expr, Correlate correlate) {
        boolean[] foreign = {false};
        RexNode rewritten = expr.accept(new RexShuttle() {
            @Override
            public RexNode visitFieldAccess(RexFieldAccess access) {
                if (access.getReferenceExpr() instanceof RexCorrelVariable v
                        && v.id.equals(correlate.getCorrelationId())) {
                    return new RexInputRef(access.getField().getIndex(), access.getField().getType());
                }
                return super.visitFieldAccess(access);
            }

            @Override
            public RexNode visitCorrelVariable(RexCorrelVariable variable) {
                foreign[0] = true;
                return variable;
            }

            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                foreign[0] = true; // a column of the one-row Values: nothing to read
                return ref;
            }
        });
        return foreign[0] ? null : rewritten;
    }
}

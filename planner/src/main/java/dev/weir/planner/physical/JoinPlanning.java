package dev.weir.planner.physical;

import static dev.weir.planner.physical.PhysicalPlanner.unsupported;

import dev.weir.core.WeirException;
import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.plan.IntervalJoinSpec;
import dev.weir.executor.plan.JoinKeys;
import dev.weir.executor.plan.JoinSpec;
import dev.weir.executor.plan.JoinType;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.SemiAntiJoinSpec;
import dev.weir.executor.plan.UnionSpec;
import dev.weir.planner.calcite.CalciteTypes;
import dev.weir.planner.expr.ExpressionCompiler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * The translation of the operators with more than one input: joins (a semi or anti join for
 * Calcite's SEMI and ANTI joins, a window join when {@link WindowPlanning} recognises one, else a
 * regular or interval join, whose condition {@link JoinConditions} splits) and UNION ALL.
 */
final class JoinPlanning {
    private final PlanContext context;

    JoinPlanning(PlanContext context) {
        this.context = Objects.requireNonNull(context, "context is null");
    }

    /**
     * A regular join ({@link JoinSpec}) or, when the condition bounds one input's rowtime by the
     * other's from both sides, an interval join ({@link IntervalJoinSpec}). Key expressions that
     * are not plain columns are computed by a Calc on their input first.
     */
    Fragment join(Join join) {
        if (join.getJoinType() == JoinRelType.SEMI || join.getJoinType() == JoinRelType.ANTI) {
            return semiOrAntiJoin(join);
        }
        Fragment windowJoin = new WindowPlanning(context).join(join);
        if (windowJoin != null) {
            return windowJoin;
        }
        JoinType type = joinType(join.getJoinType());
        if (type == null) {
            throw unsupported("the join type " + join.getJoinType());
        }
        RelNode leftRel = join.getLeft();
        RelNode rightRel = join.getRight();
        int leftCount = leftRel.getRowType().getFieldCount();
        int rightCount = rightRel.getRowType().getFieldCount();
        Fragment left = context.translateInOrder(leftRel);
        Fragment right = context.translateInOrder(rightRel);
        JoinConditions parts = JoinConditions.of(join.getCondition(), leftCount, rightCount, left.rowtime,
                right.rowtime);
        boolean interval = parts.interval() != null;
        // Without an equality (a cross or non-equi join, a scalar subquery's single row) the join runs under
        // one global key, on one subtask, checking the condition per pair: Flink's singleton join.
        String updating = left.updatingNode != null ? left.updatingNode : right.updatingNode;
        if (interval && updating != null) {
            throw unsupported("an interval join over an updating input (produced by " + updating + "); interval "
                    + "joins need insert-only inputs with time attributes");
        }
        RelDataTypeFactory typeFactory = join.getCluster().getTypeFactory();
        JoinKeys keys = new JoinKeys(left.columnsFor(parts.leftKeys(), typeFactory),
                right.columnsFor(parts.rightKeys(), typeFactory));
        int leftWidth = left.type.arity();
        JoinOutput output = JoinOutput.of(join.getRowType(), leftCount, rightCount, left, right, type,
                parts.remaining(), join.getCluster().getRexBuilder(), context.zone());
        RowType outType = output.type();
        ScalarExpression condition = output.condition();
        String conditionText = output.conditionText();
        String lineage = "left:\n" + left.lineage() + "\nright:\n" + right.lineage();
        OperatorSpec spec;
        if (interval) {
            long lower = parts.interval()[0];
            long upper = parts.interval()[1];
            if (lower > upper) {
                throw new WeirException("The interval join condition can never be true: it needs "
                        + lower + " ms <= right time - left time <= " + upper + " ms.");
            }
            IntervalJoinSpec draft = new IntervalJoinSpec("draft", outType, type, leftWidth, keys, left.rowtime,
                    right.rowtime, lower, upper, condition, conditionText);
            spec = new IntervalJoinSpec(OperatorIds.derive("interval-join-", draft.describe(), lineage), outType,
                    type, leftWidth, keys, left.rowtime, right.rowtime, lower, upper, condition, conditionText);
        } else {
            int broadcast = broadcastInput(type, leftRel, rightRel, left, right);
            JoinSpec draft = new JoinSpec("draft", outType, type, leftWidth, keys, condition, conditionText, 0,
                    broadcast);
            spec = new JoinSpec(OperatorIds.derive("join-", draft.describe(), lineage), outType, type, leftWidth,
                    keys, condition, conditionText, context.stateTtlMillis(), broadcast);
        }
        Fragment f = left.merge(List.of(left, right), spec, outType);
        f.fieldMap = output.fragmentFieldMap();
        // Like Flink, a regular join's output has no time attribute: its rows are not in event-time order.
        f.rowtime = -1;
        f.updatingNode = updating != null ? updating : !interval && type != JoinType.INNER ? spec.describe() : null;
        return f;
    }

    /** The join type of a Calcite inner or outer join; null for any other (semi and anti joins). */
    static JoinType joinType(JoinRelType type) {
        return switch (type) {
            case INNER -> JoinType.INNER;
            case LEFT -> JoinType.LEFT;
            case RIGHT -> JoinType.RIGHT;
            case FULL -> JoinType.FULL;
            default -> null;
        };
    }

    /**
     * The input of a regular join that a {@code BROADCAST} hint names (a table the input reads directly, through
     * projections and filters only), or {@link JoinSpec#NO_BROADCAST}. Honoured only where the joined rows stay
     * those of the usual join, in order: never an outer join's preserved side (each subtask would pad it), not with
     * a state TTL (broadcast rows are kept until retracted), and only over an insert-only other input (its rows are
     * spread by their whole value, so the two halves of an update would leave from different subtasks, in no
     * order). Flink's streaming planner ignores the hint everywhere.
     */
    private int broadcastInput(JoinType type, RelNode leftRel, RelNode rightRel, Fragment left, Fragment right) {
        if (context.stateTtlMillis() > 0) {
            return JoinSpec.NO_BROADCAST;
        }
        if (!type.isOuter(1) && left.updatingNode == null && hintedTable(rightRel)) {
            return 1;
        }
        if (!type.isOuter(0) && right.updatingNode == null && hintedTable(leftRel)) {
            return 0;
        }
        return JoinSpec.NO_BROADCAST;
    }

    private boolean hintedTable(RelNode input) {
        RelNode rel = input;
        while (rel instanceof Project || rel instanceof Filter || rel instanceof Calc) {
            rel = rel.getInput(0);
        }
        if (rel instanceof TableScan scan) {
            List<String> name = scan.getTable().getQualifiedName();
            return context.broadcastHinted(name.get(name.size() - 1));
        }
        return false;
    }

    /**
     * A semi or anti join ({@link SemiAntiJoinSpec}), as {@link SemiAntiJoins} makes of IN, EXISTS,
     * NOT IN and NOT EXISTS: keyed on the condition's equalities (none: one global key, one subtask,
     * as Flink runs such joins), the rest checked per pair. Its output is the left rows; a semi join
     * forwards its inputs' change kinds, an anti join's result is updating (Flink's changelog rule).
     */
    private Fragment semiOrAntiJoin(Join join) {
        boolean anti = join.getJoinType() == JoinRelType.ANTI;
        RelNode leftRel = join.getLeft();
        RelNode rightRel = join.getRight();
        int leftCount = leftRel.getRowType().getFieldCount();
        int rightCount = rightRel.getRowType().getFieldCount();
        Fragment left = context.translateInOrder(leftRel);
        Fragment right = context.translateInOrder(rightRel);
        JoinConditions parts = JoinConditions.of(join.getCondition(), leftCount, rightCount, -1, -1);
        RelDataTypeFactory typeFactory = join.getCluster().getTypeFactory();
        JoinKeys keys = new JoinKeys(left.columnsFor(parts.leftKeys(), typeFactory),
                right.columnsFor(parts.rightKeys(), typeFactory));
        int leftWidth = left.type.arity();
        RowType outType = left.type;
        // The right columns named apart from the left ones, for EXPLAIN.
        Set<String> taken = new HashSet<>(outType.names());
        RowType.Builder rightNamed = RowType.builder();
        for (int i = 0; i < right.type.arity(); i++) {
            String name = right.type.field(i).name();
            String unique = name;
            for (int n = 0; !taken.add(unique); n++) {
                unique = name + n;
            }
            rightNamed.add(unique, right.type.type(i));
        }
        RowType rightType = rightNamed.build();
        int[] fieldMap = JoinOutput.fieldMap(leftCount, rightCount, leftWidth);
        RexNode rest = parts.remaining().isEmpty() ? null : RexPrograms.remap(
                RexUtil.composeConjunction(join.getCluster().getRexBuilder(), parts.remaining()), fieldMap);
        ScalarExpression condition = rest == null ? null : ExpressionCompiler.compile(rest, context.zone());
        List<String> pairNames = new ArrayList<>(outType.names());
        pairNames.addAll(rightType.names());
        String conditionText = rest == null ? null : ExpressionCompiler.describe(rest, pairNames);
        String lineage = "left:\n" + left.lineage() + "\nright:\n" + right.lineage();
        SemiAntiJoinSpec draft = new SemiAntiJoinSpec("draft", outType, rightType, anti, keys, condition,
                conditionText);
        SemiAntiJoinSpec spec = new SemiAntiJoinSpec(OperatorIds.derive(anti ? "anti-join-" : "semi-join-",
                draft.describe(), lineage), outType, rightType, anti, keys, condition, conditionText,
                context.stateTtlMillis());
        Fragment f = left.merge(List.of(left, right), spec, outType);
        if (leftWidth != leftCount) { // key columns a Calc computed follow the left's own
            int[] identity = new int[leftCount];
            for (int i = 0; i < leftCount; i++) {
                identity[i] = i;
            }
            f.fieldMap = identity;
        }
        // As a regular join's: no time attribute (a left row may come out when a right row arrives).
        f.rowtime = -1;
        f.updatingNode = anti ? spec.describe() : left.updatingNode != null ? left.updatingNode : right.updatingNode;
        return f;
    }

    /** UNION ALL: each input cast to the union's column types where they differ, then one {@link UnionSpec}. */
    Fragment union(Union union) {
        if (!union.all) {
            throw unsupported("UNION without ALL (it removes duplicates); use UNION ALL, or SELECT DISTINCT over a "
                    + "UNION ALL");
        }
        RelDataType unionType = union.getRowType();
        var rexBuilder = union.getCluster().getRexBuilder();
        List<Fragment> parts = new ArrayList<>();
        int rowtime = -2;
        String updating = null;
        StringBuilder lineage = new StringBuilder();
        for (RelNode input : union.getInputs()) {
            Fragment part = context.translateInOrder(input);
            List<RexNode> casts = new ArrayList<>();
            boolean cast = false;
            for (int i = 0; i < unionType.getFieldCount(); i++) {
                RelDataType from = input.getRowType().getFieldList().get(i).getType();
                RelDataType to = unionType.getFieldList().get(i).getType();
                RexNode ref = new RexInputRef(i, from);
                if (from.getSqlTypeName() != to.getSqlTypeName() || from.getPrecision() != to.getPrecision()
                        || from.getScale() != to.getScale()) {
                    casts.add(rexBuilder.makeCast(to, ref, true, false));
                    cast = true;
                } else {
                    casts.add(ref);
                }
            }
            if (cast) {
                part.addCalc(casts, null, unionType);
            }
            rowtime = rowtime == -2 || rowtime == part.rowtime ? part.rowtime : -1;
            updating = updating != null ? updating : part.updatingNode;
            lineage.append("input:\n").append(part.lineage()).append('\n');
            parts.add(part);
        }
        RowType type = CalciteTypes.toRowType(unionType);
        UnionSpec draft = new UnionSpec("draft", type, parts.size());
        int position = 0;
        for (Fragment part : parts) {
            position += part.ops.size();
        }
        // Stateless: the id only has to be unique, so the position keeps two identical unions apart.
        UnionSpec spec = new UnionSpec(OperatorIds.derive("union-", draft.describe(), lineage + "#" + position),
                type, parts.size());
        Fragment f = parts.get(0).merge(parts, spec, type);
        f.rowtime = rowtime; // a time attribute stays one if every input has it in the same column
        f.updatingNode = updating;
        return f;
    }
}

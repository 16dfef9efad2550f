package dev.weir.planner.physical;

import dev.weir.core.WeirException;
import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.plan.JoinKeys;
import dev.weir.executor.plan.JoinType;
import dev.weir.executor.plan.SortOrder;
import dev.weir.executor.plan.SessionWindowTableFunctionSpec;
import dev.weir.executor.plan.WindowJoinSpec;
import dev.weir.executor.plan.WindowRankSpec;
import dev.weir.executor.plan.WindowTableFunctionSpec;
import dev.weir.planner.calcite.CalciteTypes;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The physical planning of windows that are not aggregated: a window table function on its own
 * ({@link WindowTableFunctionSpec}), the window join ({@link WindowJoinSpec}) and window Top-N /
 * deduplication ({@link WindowRankSpec}), recognised as Flink does from the inputs' window
 * properties ({@link WindowProperties}). {@link PhysicalPlanner}, {@link JoinPlanning} and
 * {@link RankAndOverPlanning} dispatch here.
 */
final class WindowPlanning {
    private final PlanContext context;
    private final ZoneId zone;

    WindowPlanning(PlanContext context) {
        this.context = Objects.requireNonNull(context, "context is null");
        this.zone = context.zone();
    }

    /**
     * {@code TABLE(TUMBLE|HOP|CUMULATE|SESSION(...))} whose rows are not aggregated: each row once per
     * window, or once with its session.
     */
    Fragment tableFunction(TableFunctionScan tfs) {
        String op = tfs.getCall() instanceof RexCall rc ? rc.getOperator().getName() : "table function";
        boolean session = op.equalsIgnoreCase("SESSION");
        if (!(tfs.getCall() instanceof RexCall call) || tfs.getInputs().size() != 1
                || (!session && WindowShape.kindOf(op) == null)) {
            throw PhysicalPlanner.unsupported("the window table function " + op
                    + " (supported: TUMBLE, HOP, CUMULATE, SESSION)");
        }
        WindowShape window = session ? WindowShape.session(call) : WindowShape.of(call);
        RelNode input = tfs.getInput(0);
        String name = session ? "SESSION" : window.kind().name();
        Fragment f = context.translateInOrder(input);
        if (f.updatingNode != null) {
            throw PhysicalPlanner.unsupported("a " + name + " window table function over an updating input (produced"
                    + " by " + f.updatingNode + "); windows need an insert-only input with a time attribute");
        }
        RelDataTypeField timeField = input.getRowType().getFieldList().get(window.timeIndex());
        if (window.timeIndex() != f.rowtime) {
            throw new WeirException("The window function " + name + " requires a time attribute column: column '"
                    + timeField.getName() + "' is not a column with a WATERMARK (or is computed from one).");
        }
        ZoneId windowZone = timeField.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE
                ? zone : null;
        RowType outType = CalciteTypes.toRowType(tfs.getRowType());
        if (session) {
            return sessionTableFunction(f, call, window, outType, windowZone);
        }
        WindowTableFunctionSpec draft = new WindowTableFunctionSpec("draft", outType, window.kind(), f.rowtime,
                window.sizeMillis(), window.slideMillis(), window.offsetMillis(), windowZone);
        // Stateless: the id only has to be unique, so the position keeps two identical ones apart.
        f.add(new WindowTableFunctionSpec(OperatorIds.derive("window-tvf-", draft.describe(),
                f.lineage() + "\n#" + f.ops.size()), outType, window.kind(), f.rowtime, window.sizeMillis(),
                window.slideMillis(), window.offsetMillis(), windowZone), outType);
        // The rowtime column stays the fragment's time attribute: window deduplication orders by it.
        return f;
    }

    /**
     * The rows of each session, released when it closes ({@link SessionWindowTableFunctionSpec}). Its rows
     * leave behind the watermark of their own rowtime, so {@code window_time} is the time attribute after it.
     */
    private Fragment sessionTableFunction(Fragment f, RexCall call, WindowShape window, RowType outType,
            ZoneId windowZone) {
        int[] keys = WindowShape.sessionPartitionKeys(call);
        SessionWindowTableFunctionSpec draft = new SessionWindowTableFunctionSpec("draft", outType, keys, f.rowtime,
                window.sizeMillis(), windowZone);
        f.add(new SessionWindowTableFunctionSpec(OperatorIds.derive("session-tvf-", draft.describe(), f.lineage()),
                outType, keys, f.rowtime, window.sizeMillis(), windowZone), outType);
        f.rowtime = outType.arity() - 1;
        return f;
    }

    /**
     * A join of two windowed inputs on {@code window_start} and {@code window_end} equalities (Flink's
     * window join); null when {@code join} is not one, so it is planned as a regular join.
     */
    Fragment join(Join join) {
        JoinType type = JoinPlanning.joinType(join.getJoinType());
        if (type == null) {
            return null; // semi and anti joins: the regular join's planning decides (window ones are not yet built)
        }
        WindowProperties lw = WindowProperties.of(join.getLeft());
        WindowProperties rw = WindowProperties.of(join.getRight());
        if (lw == null || rw == null) {
            return null;
        }
        RelNode leftRel = join.getLeft();
        RelNode rightRel = join.getRight();
        int leftCount = leftRel.getRowType().getFieldCount();
        int rightCount = rightRel.getRowType().getFieldCount();
        JoinConditions parts = JoinConditions.of(join.getCondition(), leftCount, rightCount, -1, -1);
        int startPair = pairOf(parts, lw.start(), rw.start());
        int endPair = pairOf(parts, lw.end(), rw.end());
        if (startPair < 0 && endPair < 0) {
            return null; // no window equality: a regular join of two window results, as in Flink
        }
        if (startPair < 0 || endPair < 0) {
            throw new WeirException("A window join needs both window_start and window_end of its inputs to be equal "
                    + "in the join condition, but it has only the " + (startPair < 0 ? "window_end" : "window_start")
                    + " equality. Add L.window_start = R.window_start AND L.window_end = R.window_end.");
        }
        if (!lw.sameWindow(rw)) {
            throw new WeirException("A window join needs the same window on both inputs, but the left input is "
                    + "windowed by " + lw.text() + " and the right input by " + rw.text()
                    + ". Use the same window table function, size, slide and offset on both sides.");
        }
        List<RexNode> leftKeyExprs = new ArrayList<>();
        List<RexNode> rightKeyExprs = new ArrayList<>();
        for (int i = 0; i < parts.leftKeys().size(); i++) {
            if (i != startPair && i != endPair) {
                leftKeyExprs.add(parts.leftKeys().get(i));
                rightKeyExprs.add(parts.rightKeys().get(i));
            }
        }
        Fragment left = context.translateInOrder(leftRel);
        Fragment right = context.translateInOrder(rightRel);
        String updating = left.updatingNode != null ? left.updatingNode : right.updatingNode;
        if (updating != null) {
            throw PhysicalPlanner.unsupported("a window join over an updating input (produced by " + updating + ")");
        }
        var typeFactory = join.getCluster().getTypeFactory();
        JoinKeys keys = new JoinKeys(left.columnsFor(leftKeyExprs, typeFactory),
                right.columnsFor(rightKeyExprs, typeFactory));
        int leftWidth = left.type.arity();
        JoinOutput output = JoinOutput.of(join.getRowType(), leftCount, rightCount, left, right, type,
                parts.remaining(), join.getCluster().getRexBuilder(), zone);
        RowType outType = output.type();
        ScalarExpression condition = output.condition();
        String conditionText = output.conditionText();
        String lineage = "left:\n" + left.lineage() + "\nright:\n" + right.lineage();
        ZoneId windowZone = lw.ltz() ? zone : null;
        WindowJoinSpec draft = new WindowJoinSpec("draft", outType, type, leftWidth, keys, lw.end(), rw.end(),
                lw.text(), condition, conditionText, windowZone);
        WindowJoinSpec spec = new WindowJoinSpec(OperatorIds.derive("window-join-", draft.describe(), lineage),
                outType, type, leftWidth, keys, lw.end(), rw.end(), lw.text(), condition, conditionText,
                windowZone);
        Fragment f = left.merge(List.of(left, right), spec, outType);
        f.fieldMap = output.fragmentFieldMap();
        // As in Flink, an input's window_time stays a time attribute (rows come out as their window
        // fires, before the watermark passes window_time), so a window can follow the join.
        f.rowtime = lw.time() >= 0 ? lw.time() : rw.time() >= 0 ? leftWidth + rw.time() : -1;
        f.updatingNode = null; // each window is joined once, when it fires: insert-only
        return f;
    }

    /** The index of the key pair {@code left field = right field}, or -1. */
    private static int pairOf(JoinConditions parts, int leftField, int rightField) {
        for (int i = 0; i < parts.leftKeys().size(); i++) {
            if (parts.leftKeys().get(i) instanceof RexInputRef l && l.getIndex() == leftField
                    && parts.rightKeys().get(i) instanceof RexInputRef r && r.getIndex() == rightField) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether a ROW_NUMBER() over {@code input} is a window Top-N or deduplication: its PARTITION BY
     * holds the window_start and window_end of a window table function or aggregation (Flink's rule);
     * null when it is not.
     */
    static WindowProperties rankWindow(RelNode input, RexOver over) {
        WindowProperties props = WindowProperties.of(input);
        if (props == null) {
            return null;
        }
        boolean start = false;
        boolean end = false;
        for (RexNode key : over.getWindow().partitionKeys) {
            if (key instanceof RexInputRef ref) {
                start |= ref.getIndex() == props.start();
                end |= ref.getIndex() == props.end();
            }
        }
        return start && end && props.start() >= 0 && props.end() >= 0 ? props : null;
    }

    /**
     * Window Top-N ({@code rn <= n}) or deduplication ({@code rn = 1} ordered by the rowtime), then the
     * outer Calc with the rank column (or 1) in place of ROW_NUMBER(). {@code projections},
     * {@code inputCondition} and {@code rankCondition} are over {@code input}; {@code rankCondition} ({@code rn = n}
     * for n > 1, keeping only rank n) filters on the rank column, or is null.
     */
    Fragment rank(Calc calc, RelNode input, RexNode inputCondition, List<RexNode> projections,
            RexNode rankCondition, RexOver over, long n, WindowProperties props) {
        Fragment f = context.translateInOrder(input);
        if (f.updatingNode != null) {
            throw PhysicalPlanner.unsupported("window Top-N or deduplication over an updating input (produced by "
                    + f.updatingNode + ")");
        }
        if (inputCondition != null) {
            List<RexNode> identity = new ArrayList<>();
            for (int i = 0; i < input.getRowType().getFieldCount(); i++) {
                identity.add(RexInputRef.of(i, input.getRowType()));
            }
            f.addCalc(identity, inputCondition, input.getRowType());
        }
        var window = over.getWindow();
        // Partition and sort keys may be expressions (PARTITION BY window_start, window_end, id % 7):
        // one Calc appends those, as for join keys.
        List<RexNode> keyExprs = new ArrayList<>();
        for (RexNode key : window.partitionKeys) {
            boolean windowColumn = key instanceof RexInputRef ref
                    && (ref.getIndex() == props.start() || ref.getIndex() == props.end());
            if (!windowColumn && !keyExprs.contains(key)) {
                keyExprs.add(key);
            }
        }
        int keyCount = keyExprs.size();
        int[] orderIndices = new int[window.orderKeys.size()];
        boolean[] descending = new boolean[orderIndices.length];
        boolean[] nullsFirst = new boolean[orderIndices.length];
        for (int i = 0; i < orderIndices.length; i++) {
            var order = window.orderKeys.get(i);
            keyExprs.add(order.getKey());
            descending[i] = order.getDirection() == RelFieldCollation.Direction.DESCENDING;
            var nulls = order.getNullDirection();
            // Flink's default: NULLS FIRST ascending, NULLS LAST descending.
            nullsFirst[i] = nulls == RelFieldCollation.NullDirection.UNSPECIFIED
                    ? !descending[i] : nulls == RelFieldCollation.NullDirection.FIRST;
        }
        int[] columns = f.columnsFor(keyExprs, calc.getCluster().getTypeFactory());
        int[] keyIndices = Arrays.copyOf(columns, keyCount);
        System.arraycopy(columns, keyCount, orderIndices, 0, orderIndices.length);
        boolean rankReferenced = RankAndOverPlanning.rankReferenced(projections) || rankCondition != null;
        // Deduplication: Top-1 on the rowtime, where keep-last takes the later of two rows at the same time.
        boolean deduplicate = n == 1 && orderIndices.length == 1 && orderIndices[0] == f.rowtime;
        int inputArity = f.type.arity();
        RowType outType = rankReferenced
                ? RankAndOverPlanning.withRankColumn(f.type, CalciteTypes.toDataType(over.getType())) : f.type;
        ZoneId windowZone = props.ltz() ? zone : null;
        SortOrder order = new SortOrder(orderIndices, descending, nullsFirst);
        WindowRankSpec draft = new WindowRankSpec("draft", outType, keyIndices, props.start(), props.end(), order, n,
                rankReferenced, deduplicate, deduplicate && descending[0], windowZone);
        WindowRankSpec spec = new WindowRankSpec(OperatorIds.derive(deduplicate ? "window-dedup-" : "window-rank-",
                draft.describe(), f.lineage()), outType, keyIndices, props.start(), props.end(), order, n,
                rankReferenced, deduplicate, deduplicate && descending[0], windowZone);
        int rowtime = f.rowtime;
        f.add(spec, outType);
        f.rowtime = rowtime; // the rows are unchanged, and emitted no earlier than their window's end

        RexNode rank = rankReferenced ? new RexInputRef(inputArity, over.getType())
                : calc.getCluster().getRexBuilder().makeLiteral(1L, over.getType());
        RexShuttle replaceOver = RankAndOverPlanning.replacingOvers(rank);
        List<RexNode> outer = new ArrayList<>();
        for (RexNode p : projections) {
            outer.add(p.accept(replaceOver));
        }
        f.addCalc(outer, rankCondition == null ? null : rankCondition.accept(replaceOver), calc.getRowType());
        return f;
    }
}

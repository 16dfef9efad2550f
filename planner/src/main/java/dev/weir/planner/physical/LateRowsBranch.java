package dev.weir.planner.physical;

import dev.weir.core.WeirException;
import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.plan.LateRowsSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.planner.calcite.CalciteTypes;
import dev.weir.planner.expr.ExpressionCompiler;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The {@code LATE_ROWS} side branch of a query with one window aggregation: the window operator's
 * input keeps the window TVF's input columns after the columns it aggregates (they cost no state:
 * the window keeps accumulators, never rows), and a {@link LateRowsSpec} reading the window's late
 * rows feeds a Calc that converts those columns to the late table's columns, then that table's sink.
 */
public final class LateRowsBranch {
    private LateRowsBranch() {
    }

    /**
     * The input of the window table function of {@code optimized}'s one window aggregation: the
     * rows whose late ones the branch writes.
     *
     * @throws WeirException when the query has no window aggregation, or more than one
     */
    public static RelNode windowInput(RelNode optimized) {
        List<TableFunctionScan> windows = new ArrayList<>();
        collectWindows(optimized, windows);
        if (windows.isEmpty()) {
            throw new WeirException("LATE_ROWS writes the rows a window aggregation drops as late, but this query "
                    + "has no window aggregation: use it with TUMBLE, HOP, CUMULATE or SESSION grouped by "
                    + "window_start and window_end (or a legacy GROUP BY TUMBLE/HOP/SESSION).");
        }
        if (windows.size() > 1) {
            throw new WeirException("LATE_ROWS supports a query with exactly one window aggregation, whose late "
                    + "rows it writes; this query has " + windows.size() + " (cascading or combined windows). Put "
                    + "the first window aggregation in a query of its own with the hint.");
        }
        return windows.get(0).getInput(0);
    }

    private static void collectWindows(RelNode rel, List<TableFunctionScan> windows) {
        if (rel instanceof Aggregate agg) {
            RelNode below = agg.getInput() instanceof Calc c ? c.getInput() : agg.getInput();
            if (below instanceof TableFunctionScan tfs && tfs.getInputs().size() == 1) {
                windows.add(tfs);
            }
        }
        for (RelNode input : rel.getInputs()) {
            collectWindows(input, windows);
        }
    }

    /** Every column of every scanned table: the late rows carry the whole input row, computed columns too. */
    static ImmutableBitSet allScanColumns(RelNode optimized) {
        int widest = 0;
        for (RelOptTable table : RelOptUtil.findAllTables(optimized)) {
            widest = Math.max(widest, table.getRowType().getFieldCount());
        }
        return ImmutableBitSet.range(widest);
    }

    /** Appends the window TVF input's columns (over the fragment's output, via {@code remap}) to the window's input. */
    static void appendInputColumns(RelNode tvfInput, UnaryOperator<RexNode> remap, List<RexNode> windowInput,
            List<String> names) {
        RelDataType type = tvfInput.getRowType();
        for (int i = 0; i < type.getFieldCount(); i++) {
            windowInput.add(remap.apply(RexInputRef.of(i, type)));
            names.add(type.getFieldList().get(i).getName());
        }
    }

    /**
     * {@code plan} with the branch added before its last sink (which stays last, the query's own).
     *
     * @param toLateTable the late table's columns as expressions over the window TVF's input columns
     *                    (the INSERT conversion: implicit casts), of {@code lateRowType}
     * @param tvfInputWidth how many columns the window TVF's input has (the last ones of the window's input)
     */
    public static PhysicalPlan addBranch(PhysicalPlan plan, List<RexNode> toLateTable, RelDataType lateRowType,
            int tvfInputWidth, String lateTable, RowType lateTableType, Map<String, String> lateTableOptions,
            ZoneId zone) {
        List<OperatorSpec> ops = plan.operators();
        int window = -1;
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof WindowAggregateSpec || ops.get(i) instanceof SessionWindowAggregateSpec) {
                if (window >= 0) {
                    throw new WeirException("LATE_ROWS supports a query with exactly one window aggregation.");
                }
                window = i;
            }
        }
        if (window < 0) {
            throw new WeirException("LATE_ROWS needs a window aggregation (TUMBLE, HOP, CUMULATE or SESSION).");
        }
        String windowId = ops.get(window).id();
        RowType windowInput = ops.get(plan.inputsOf(window).get(0)).outputType();
        int offset = windowInput.arity() - tvfInputWidth;
        LateRowsSpec late = new LateRowsSpec(OperatorIds.derive("late-rows-", "LateRows", windowId), windowInput);

        List<ScalarExpression> compiled = new ArrayList<>(toLateTable.size());
        List<String> texts = new ArrayList<>(toLateTable.size());
        for (RexNode e : toLateTable) {
            RexNode shifted = e.accept(new RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                    return new RexInputRef(ref.getIndex() + offset, ref.getType());
                }
            });
            compiled.add(ExpressionCompiler.compile(shifted, zone));
            texts.add(ExpressionCompiler.describe(shifted, windowInput.names()));
        }
        RowType calcType = CalciteTypes.toRowType(lateRowType);
        CalcSpec draft = new CalcSpec("draft", calcType, compiled, texts, null, null);
        CalcSpec calc = new CalcSpec(OperatorIds.derive("calc-", draft.describe(), "late rows of " + windowId),
                calcType, compiled, texts, null, null);
        SinkSpec sink = new SinkSpec("sink-" + lateTable, lateTable, lateTableType, lateTableOptions);

        int last = ops.size() - 1;
        List<OperatorSpec> withBranch = new ArrayList<>(ops.subList(0, last));
        List<List<Integer>> inputs = new ArrayList<>(plan.inputs().subList(0, last));
        withBranch.add(late);
        inputs.add(List.of(window));
        withBranch.add(calc);
        inputs.add(List.of(last));
        withBranch.add(sink);
        inputs.add(List.of(last + 1));
        withBranch.add(ops.get(last)); // the query's sink reads operators before the branch: its inputs hold
        inputs.add(plan.inputsOf(last));
        return new PhysicalPlan(plan.jobName(), withBranch, inputs);
    }
}

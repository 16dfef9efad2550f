package dev.weir.planner.physical;

import dev.weir.core.type.DataType;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.planner.calcite.CalciteTypes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.rex.RexWindowBound;

/**
 * Reads the OVER aggregates of one query (all over the same window, as Flink requires) into what
 * an {@code OverAggregateSpec} needs, refusing with a message every form Weir cannot run: an
 * ORDER BY other than the rowtime ascending, a frame ending elsewhere than CURRENT ROW, FOLLOWING,
 * DISTINCT and functions other than COUNT, SUM, MIN, MAX, AVG.
 *
 * @param keys      partition columns
 * @param rows      ROWS (true) or RANGE frame
 * @param preceding rows or milliseconds before the current row, -1 for UNBOUNDED
 * @param calls     one call per distinct RexOver of {@code overs}, in order
 */
record OverWindows(int[] keys, boolean rows, long preceding, List<AggregateCall> calls) {

    /**
     * @param overs   the distinct OVER calls, already over the fragment's physical columns
     * @param rowtime the rowtime column of the input, or -1
     */
    static OverWindows of(List<RexOver> overs, int rowtime) {
        RexWindow window = sameWindow(overs);
        if (window.orderKeys.size() != 1 || !(window.orderKeys.get(0).getKey() instanceof RexInputRef order)
                || order.getIndex() != rowtime || rowtime < 0) {
            throw PhysicalPlanner.unsupported("an OVER window not ordered by the rowtime attribute (OVER windows' "
                    + "ordering in stream mode must be defined on a time attribute: ORDER BY the column of the "
                    + "table's WATERMARK)");
        }
        if (window.orderKeys.get(0).getDirection() == RelFieldCollation.Direction.DESCENDING) {
            throw PhysicalPlanner.unsupported("an OVER window ordered by the rowtime DESC (order ascending)");
        }
        return read(overs);
    }

    /** Whether the OVER calls {@code overs} share is ordered by the rowtime column {@code rowtime} alone. */
    static boolean orderedByRowtime(List<RexOver> overs, int rowtime) {
        RexWindow window = overs.get(0).getWindow();
        return rowtime >= 0 && window.orderKeys.size() == 1
                && window.orderKeys.get(0).getKey() instanceof RexInputRef order && order.getIndex() == rowtime;
    }

    /**
     * The window of {@code overs} ordered by a column other than the rowtime (or over an updating
     * input): as Flink, one ascending column and an UNBOUNDED PRECEDING frame. Returns the window and
     * sets {@code orderColumn[0]} to the ORDER BY column.
     */
    static OverWindows nonTime(List<RexOver> overs, int[] orderColumn) {
        RexWindow window = sameWindow(overs);
        if (window.orderKeys.isEmpty()) {
            throw PhysicalPlanner.unsupported("an OVER aggregate without ORDER BY (order the window by a column)");
        }
        if (window.orderKeys.size() != 1) {
            throw PhysicalPlanner.unsupported("an OVER window ordered by more than one column (as in Flink, "
                    + "the window can only be ordered by a single column)");
        }
        if (!(window.orderKeys.get(0).getKey() instanceof RexInputRef order)) {
            throw PhysicalPlanner.unsupported("an OVER window ordered by an expression; compute it in a subquery "
                    + "and order by the column");
        }
        if (window.orderKeys.get(0).getDirection() == RelFieldCollation.Direction.DESCENDING) {
            throw PhysicalPlanner.unsupported("an OVER window ordered DESC (as in Flink, the window can only be "
                    + "ordered in ASCENDING mode)");
        }
        OverWindows read = read(overs);
        if (read.preceding() != -1) {
            throw PhysicalPlanner.unsupported("a bounded OVER frame (" + window.getLowerBound() + ") ordered by a "
                    + "column other than the rowtime (supported: ROWS|RANGE BETWEEN UNBOUNDED PRECEDING AND "
                    + "CURRENT ROW, or order by the rowtime)");
        }
        orderColumn[0] = order.getIndex();
        return read;
    }

    /** The one window of all {@code overs}. */
    private static RexWindow sameWindow(List<RexOver> overs) {
        RexWindow window = overs.get(0).getWindow();
        for (RexOver o : overs) {
            if (!o.getWindow().equals(window)) {
                throw PhysicalPlanner.unsupported("OVER aggregates over different windows in one query (Flink "
                        + "requires one window per query); write one INSERT per window");
            }
        }
        return window;
    }

    /** The partition keys, frame and aggregate calls of {@code overs}' one window. */
    private static OverWindows read(List<RexOver> overs) {
        RexWindow window = overs.get(0).getWindow();
        int[] keys = new int[window.partitionKeys.size()];
        for (int i = 0; i < keys.length; i++) {
            if (!(window.partitionKeys.get(i) instanceof RexInputRef ref)) {
                throw PhysicalPlanner.unsupported("PARTITION BY an expression in an OVER window; partition by columns");
            }
            keys[i] = ref.getIndex();
        }
        RexWindowBound upper = window.getUpperBound();
        RexWindowBound lower = window.getLowerBound();
        if (!upper.isCurrentRow() || lower.isFollowing()) {
            throw PhysicalPlanner.unsupported("an OVER frame with FOLLOWING rows (the frame must end at CURRENT ROW: "
                    + "ROWS|RANGE BETWEEN ... PRECEDING AND CURRENT ROW)");
        }
        long preceding;
        if (lower.isUnbounded()) {
            preceding = -1;
        } else if (lower.isCurrentRow()) {
            preceding = 0;
        } else if (lower.getOffset() instanceof RexLiteral lit && lit.getValue() instanceof BigDecimal value) {
            preceding = value.longValueExact();
        } else {
            throw PhysicalPlanner.unsupported("an OVER frame bound that is not a constant (" + lower + ")");
        }
        List<AggregateCall> calls = new ArrayList<>();
        for (int i = 0; i < overs.size(); i++) {
            RexOver o = overs.get(i);
            if (o.isDistinct()) {
                throw PhysicalPlanner.unsupported("DISTINCT in an OVER aggregate");
            }
            AggregateFunctionKind kind = switch (o.getOperator().getKind()) {
                case COUNT -> AggregateFunctionKind.COUNT;
                case SUM, SUM0 -> AggregateFunctionKind.SUM;
                case MIN -> AggregateFunctionKind.MIN;
                case MAX -> AggregateFunctionKind.MAX;
                case AVG -> AggregateFunctionKind.AVG;
                default -> throw PhysicalPlanner.unsupported(o.getOperator().getName() + " OVER an aggregation "
                        + "window (supported: COUNT, SUM, MIN, MAX, AVG; ROW_NUMBER for deduplication and Top-N)");
            };
            int arg = -1;
            if (!o.getOperands().isEmpty()) {
                if (o.getOperands().size() != 1 || !(o.getOperands().get(0) instanceof RexInputRef ref)) {
                    throw PhysicalPlanner.unsupported("an OVER aggregate over an expression (" + o.getOperator()
                            + "); compute it in a subquery and aggregate the column");
                }
                arg = ref.getIndex();
            }
            DataType type = CalciteTypes.toDataType(o.getType());
            calls.add(new AggregateCall(kind, arg, false, type, "w0$o" + i));
        }
        return new OverWindows(keys, window.isRows(), preceding, calls);
    }
}

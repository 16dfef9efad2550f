package dev.weir.planner.physical;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.type.SqlTypeName;
import java.util.List;

/**
 * Which output fields of a relational expression are the {@code window_start}, {@code window_end}
 * (and {@code window_time}) of a TUMBLE, HOP or CUMULATE window, and that window: what Flink calls
 * the window properties of a window table function or a window aggregation, followed through
 * projections and filters. A window join and a window Top-N need them on their inputs.
 *
 * @param start the window_start field, or -1 when it was projected away (then {@code end} is there)
 * @param end   the window_end field, or -1 when it was projected away
 * @param time  the window_time field, or -1 when it was projected away
 * @param ltz   whether the windows are on a TIMESTAMP_LTZ rowtime (local time of the session zone)
 */
record WindowProperties(WindowShape window, boolean ltz, int start, int end, int time) {

    /** The window properties of {@code rel}'s output, or null when it has none (or lost both start and end). */
    static WindowProperties of(RelNode rel) {
        if (rel instanceof TableFunctionScan tfs) {
            if (!(tfs.getCall() instanceof RexCall call) || tfs.getInputs().size() != 1
                    || WindowShape.kindOf(call.getOperator().getName()) == null) {
                return null;
            }
            int n = tfs.getInput(0).getRowType().getFieldCount();
            WindowShape window = WindowShape.of(call);
            boolean ltz = tfs.getInput(0).getRowType().getFieldList().get(window.timeIndex()).getType()
                    .getSqlTypeName() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
            return new WindowProperties(window, ltz, n, n + 1, n + 2);
        }
        if (rel instanceof Calc calc) {
            WindowProperties below = of(calc.getInput());
            if (below == null) {
                return null;
            }
            RexProgram program = calc.getProgram();
            List<RexNode> projections = program.getProjectList().stream().map(r -> program.expandLocalRef(r))
                    .map(RexNode.class::cast).toList();
            return below.through(projections);
        }
        if (rel instanceof Project project) {
            WindowProperties below = of(project.getInput());
            return below == null ? null : below.through(project.getProjects());
        }
        if (rel instanceof Aggregate agg && agg.getGroupType() == Aggregate.Group.SIMPLE) {
            WindowProperties below = of(agg.getInput());
            if (below == null) {
                return null;
            }
            int start = -1;
            int end = -1;
            int time = -1;
            int position = 0;
            for (int g : agg.getGroupSet()) {
                if (g == below.start && g >= 0) {
                    start = position;
                } else if (g == below.end && g >= 0) {
                    end = position;
                } else if (g == below.time && g >= 0) {
                    time = position;
                }
                position++;
            }
            return start < 0 && end < 0 ? null : new WindowProperties(below.window, below.ltz, start, end, time);
        }
        return null;
    }

    private WindowProperties through(List<RexNode> projections) {
        int newStart = -1;
        int newEnd = -1;
        int newTime = -1;
        for (int i = 0; i < projections.size(); i++) {
            if (projections.get(i) instanceof RexInputRef ref) {
                if (ref.getIndex() == start && newStart < 0) {
                    newStart = i;
                } else if (ref.getIndex() == end && newEnd < 0) {
                    newEnd = i;
                } else if (ref.getIndex() == time && newTime < 0) {
                    newTime = i;
                }
            }
        }
        // One of start and end may be projected away: a window join must then say so, not plan a regular join.
        return newStart < 0 && newEnd < 0 ? null : new WindowProperties(window, ltz, newStart, newEnd, newTime);
    }

    /** Whether two inputs are windowed alike: the same kind, size, slide (step) and offset. */
    boolean sameWindow(WindowProperties other) {
        return window.kind() == other.window.kind() && window.sizeMillis() == other.window.sizeMillis()
                && window.slideMillis() == other.window.slideMillis()
                && window.offsetMillis() == other.window.offsetMillis() && ltz == other.ltz;
    }

    /** The window in Flink's words, for error messages: {@code TUMBLE(size=[5 min])}. */
    String text() {
        String w = switch (window.kind()) {
            case TUMBLE -> "TUMBLE(size=[" + window.sizeMillis() + " ms]";
            case HOP -> "HOP(slide=[" + window.slideMillis() + " ms], size=[" + window.sizeMillis() + " ms]";
            case CUMULATE -> "CUMULATE(step=[" + window.slideMillis() + " ms], size=[" + window.sizeMillis() + " ms]";
        };
        return w + (window.offsetMillis() != 0 ? ", offset=[" + window.offsetMillis() + " ms]" : "") + ")";
    }
}

package dev.weir.planner.physical;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexProgram;

/**
 * Recognises inputs that hold at most one row at any time: a global aggregate (no GROUP BY, or
 * grouped by constants only), possibly under projections and filters. The rewrites of scalar subqueries and of NOT IN join
 * with such an input without any equality; that join runs under one global key (one subtask),
 * and its state stays small on the single-row side. Other joins without equalities (cross joins
 * of two tables) stay refused.
 */
final class SingleRowInputs {
    private SingleRowInputs() {
    }

    /** Whether {@code rel} produces at most one live row. */
    static boolean isSingleRow(RelNode rel) {
        RelNode r = rel;
        while (r instanceof Calc || r instanceof Project || r instanceof Filter) {
            r = r.getInput(0);
        }
        if (!(r instanceof Aggregate agg) || agg.getGroupType() != Aggregate.Group.SIMPLE) {
            return false;
        }
        // No GROUP BY, or grouped only by constants (uncorrelated EXISTS groups by its TRUE marker).
        for (int key : agg.getGroupSet()) {
            if (!isConstant(agg.getInput(), key)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isConstant(RelNode rel, int column) {
        if (rel instanceof Project p) {
            return p.getProjects().get(column) instanceof RexLiteral;
        }
        if (rel instanceof Calc c) {
            RexProgram program = c.getProgram();
            return program.expandLocalRef(program.getProjectList().get(column)) instanceof RexLiteral;
        }
        return false;
    }
}

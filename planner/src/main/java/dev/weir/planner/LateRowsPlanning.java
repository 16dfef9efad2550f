package dev.weir.planner;

import dev.weir.core.WeirException;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.parser.SqlException;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogTable;
import dev.weir.planner.physical.LateRowsBranch;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;

/**
 * Plans a query's {@code LATE_ROWS('t')} hint: checks that {@code t} is a table and the query has
 * one window aggregation, converts the window TVF's input columns to {@code t}'s columns by the
 * rules of {@code INSERT INTO t SELECT * FROM <input>} ({@link SinkConversion}), and adds the branch
 * (late rows → Calc → sink of {@code t}) to the physical plan. Errors point at the hint.
 */
final class LateRowsPlanning {
    private final LateRowsHint hint;
    private final CatalogTable table;
    private final RelNode windowInput;
    private final LogicalProject conversion;

    LateRowsPlanning(LateRowsHint hint, Catalog catalog, String querySink, RelNode optimized) {
        this.hint = Objects.requireNonNull(hint, "hint is null");
        this.table = catalog.table(hint.table()).orElseThrow(() -> hint.error(catalog.view(hint.table()).isPresent()
                ? "'" + hint.table() + "' is a view; LATE_ROWS writes the late rows into a table."
                : "Table '" + hint.table() + "' named in LATE_ROWS does not exist. Create it with CREATE TABLE "
                        + "first" + (catalog.names().isEmpty() ? "" : "; existing tables: "
                        + String.join(", ", catalog.names())) + "."));
        if (table.name().equals(querySink)) {
            throw hint.error("LATE_ROWS names the table the query itself writes, '" + querySink + "'; write the "
                    + "late rows into a table of their own.");
        }
        try {
            this.windowInput = LateRowsBranch.windowInput(optimized);
        } catch (WeirException e) {
            throw hint.error(e.getMessage());
        }
        try {
            this.conversion = (LogicalProject) SinkConversion.toSink(windowInput, hint.node(), hint.query(),
                    table.name(), table.physicalRowType(), List.of());
        } catch (SqlException e) {
            throw hint.error("LATE_ROWS('" + table.name() + "') writes the rows of the window's input, "
                    + windowInput.getRowType().getFieldNames() + ", into '" + table.name() + "' as INSERT INTO "
                    + table.name() + " SELECT * would: " + e.reason());
        }
    }

    /** The late rows' table. */
    CatalogTable table() {
        return table;
    }

    PhysicalPlan addBranch(PhysicalPlan plan, ZoneId zone) {
        return LateRowsBranch.addBranch(plan, conversion.getProjects(), conversion.getRowType(),
                windowInput.getRowType().getFieldCount(), table.name(), table.physicalRowType(), table.options(),
                zone);
    }
}

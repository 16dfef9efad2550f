package dev.weir.planner.catalog;

import dev.weir.core.WeirException;
import dev.weir.core.type.RowType;
import dev.weir.planner.calcite.ErrorPositioner;
import dev.weir.planner.calcite.SqlFrontend;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexNode;

/**
 * Validates and converts the expressions a table declares (computed columns, WATERMARK) by
 * asking Calcite about {@code SELECT <expression> FROM <table>} over the columns the
 * expression may see.
 */
public final class TableExpressions {
    private static final String PREFIX = "SELECT ";

    private TableExpressions() {
    }

    /** The expression as a RexNode over {@code columns}; errors are positioned inside the expression text. */
    public static RexNode toRex(String tableName, RowType columns, String expression, ErrorPositioner at) {
        SqlFrontend frontend = new SqlFrontend(Map.of(tableName, columns), Map.of());
        String sql = PREFIX + expression + "\nFROM `" + tableName.replace("`", "``") + "`";
        // The expression starts after "SELECT " on the first line; later lines map as they are.
        ErrorPositioner shifted = (line, column, message) ->
                at.at(line, line == 1 ? Math.max(1, column - PREFIX.length()) : column, message);
        SqlFrontend.Validated validated = frontend.validate(sql, shifted);
        RelNode rel = frontend.toRel(validated).project();
        if (!(rel instanceof Project project) || !(project.getInput() instanceof TableScan)
                || project.getProjects().size() != 1) {
            throw shifted.at(1, PREFIX.length() + 1,
                    "Expected a scalar expression over the columns of table '" + tableName
                            + "' (no aggregates, subqueries or window functions).");
        }
        return project.getProjects().get(0);
    }

    /** The computed columns of {@code table} as expressions over the row its connector reads, in column order. */
    public static List<RexNode> computedColumns(CatalogTable table) {
        RowType physical = table.sourceRowType();
        java.util.ArrayList<RexNode> result = new java.util.ArrayList<>();
        for (CatalogColumn c : table.columns()) {
            if (c.isComputed()) {
                result.add(toRex(table.name(), physical, c.expression(), afterCreate(table, c.name())));
            }
        }
        return result;
    }

    /** The WATERMARK expression of {@code table} over all its columns. */
    public static RexNode watermark(CatalogTable table) {
        return toRex(table.name(), table.rowType(), table.watermarkExpression(),
                afterCreate(table, "WATERMARK FOR " + table.watermarkColumn()));
    }

    private static ErrorPositioner afterCreate(CatalogTable table, String what) {
        // Validated at CREATE TABLE time; failing now means a function changed meaning since.
        return (line, column, message) -> new WeirException("Table '" + table.name() + "', " + what + ": " + message
                + " Re-create the table.");
    }
}

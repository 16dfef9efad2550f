package dev.weir.planner;

import dev.weir.parser.SqlText;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogTable;
import java.util.Optional;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Rejects, at the construct and before any planning, the SQL that validates in Calcite but that
 * Weir cannot run yet (comparisons with ALL, VALUES), and window
 * functions over a column that is not a time attribute. ORDER BY and LIMIT are checked by the
 * physical planner, which knows whether the sort is on a time attribute.
 */
final class SupportedSql extends SqlBasicVisitor<Void> {
    private final Catalog catalog;
    private final SqlText text;
    private final SqlValidator validator;
    /** The SELECTs enclosing the node being visited, innermost first. */
    private final java.util.ArrayDeque<SqlSelect> selects = new java.util.ArrayDeque<>();

    private SupportedSql(Catalog catalog, SqlText text, SqlValidator validator) {
        this.catalog = catalog;
        this.text = text;
        this.validator = validator;
    }

    static void check(SqlNode validated, SqlValidator validator, Catalog catalog, SqlText text) {
        validated.accept(new SupportedSql(catalog, text, validator));
    }

    /**
     * Checks made before validation, by name, because Calcite's own validation of these
     * constructs fails with messages about Calcite rather than about what Weir supports.
     */
    static void checkParsed(SqlNode parsed, SqlText text) {
        parsed.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getGroup() != null) {
                    for (SqlNode item : select.getGroup()) {
                        if (item instanceof SqlCall g && isLegacyGroupWindow(g)) {
                            SqlParserPos pos = g.getParserPosition();
                            throw text.errorAt(Math.max(1, pos.getLineNum()), Math.max(1, pos.getColumnNum()),
                                    "Not supported yet: the legacy group window "
                                            + g.getOperator().getName().replace("$", "") + "(...) in GROUP BY; use the window TVF TABLE(TUMBLE(TABLE t, "
                                            + "DESCRIPTOR(ts), INTERVAL ...)) with GROUP BY window_start, window_end; "
                                            + "see README 'Supported SQL'");
                        }
                    }
                }
                return super.visit(call);
            }
        });
    }

    private static boolean isLegacyGroupWindow(SqlCall call) {
        // Calcite names its legacy group functions "$TUMBLE" etc.; the kind is reliable.
        SqlKind kind = call.getKind();
        String name = call.getOperator().getName().toUpperCase(java.util.Locale.ROOT).replace("$", "");
        return kind == SqlKind.TUMBLE || kind == SqlKind.HOP || kind == SqlKind.SESSION
                || name.equals("TUMBLE") || name.equals("HOP") || name.equals("SESSION");
    }

    private static final java.util.Set<SqlKind> OVER_FUNCTIONS = java.util.EnumSet.of(SqlKind.ROW_NUMBER,
            SqlKind.COUNT, SqlKind.SUM, SqlKind.SUM0, SqlKind.MIN, SqlKind.MAX, SqlKind.AVG);

    @Override
    public Void visit(SqlCall call) {
        if (call instanceof SqlSelect select) {
            selects.push(select);
            try {
                return visitCall(call);
            } finally {
                selects.pop();
            }
        }
        if (call.getOperator().getName().equalsIgnoreCase("CURRENT_WATERMARK")) {
            checkCurrentWatermark(call);
        }
        return visitCall(call);
    }

    /**
     * CURRENT_WATERMARK's argument must be a rowtime attribute. Checked here, with a position,
     * when it is a column of the one table the SELECT reads; the physical planner checks the rest.
     */
    private void checkCurrentWatermark(SqlCall call) {
        SqlNode arg = call.operandCount() == 1 ? call.operand(0) : null;
        if (arg != null && arg.getKind() == SqlKind.CAST && ((SqlCall) arg).operand(0) instanceof SqlIdentifier id) {
            // The validator casts a column of another type: it cannot be a rowtime attribute.
            SqlParserPos pos = id.getParserPosition();
            throw text.errorAt(Math.max(1, pos.getLineNum()), Math.max(1, pos.getColumnNum()),
                    "The function CURRENT_WATERMARK requires a rowtime attribute as its argument: column '"
                            + id.names.get(id.names.size() - 1) + "' is not a TIMESTAMP(3) or TIMESTAMP_LTZ(3) "
                            + "column declared with WATERMARK FOR");
        }
        if (!(arg instanceof SqlIdentifier columnId)) {
            SqlParserPos pos = (arg != null ? arg : call).getParserPosition();
            throw text.errorAt(Math.max(1, pos.getLineNum()), Math.max(1, pos.getColumnNum()),
                    "The function CURRENT_WATERMARK requires a rowtime attribute as its argument: a column declared "
                            + "with WATERMARK FOR, not an expression");
        }
        SqlSelect select = selects.peek();
        SqlNode from = select == null ? null : select.getFrom();
        if (from != null && from.getKind() == SqlKind.AS) {
            from = ((SqlCall) from).operand(0);
        }
        if (!(from instanceof SqlIdentifier tableId)) {
            return;
        }
        String tableName = tableId.names.get(tableId.names.size() - 1);
        Optional<CatalogTable> table = catalog.table(tableName);
        if (table.isEmpty()) {
            return; // a view: the physical planner knows its time attribute
        }
        String column = columnId.names.get(columnId.names.size() - 1);
        String rowtime = table.get().watermarkColumn();
        if (!column.equals(rowtime)) {
            SqlParserPos pos = columnId.getParserPosition();
            throw text.errorAt(Math.max(1, pos.getLineNum()), Math.max(1, pos.getColumnNum()),
                    "The function CURRENT_WATERMARK requires a rowtime attribute as its argument: column '" + column
                            + "' of table '" + tableName + "' has no WATERMARK"
                            + (rowtime == null ? "" : " (the table's time attribute is '" + rowtime + "')"));
        }
    }

    private Void visitCall(SqlCall call) {
        SqlKind kind = call.getKind();
        switch (kind) {
            case OVER -> {
                // ROW_NUMBER() for deduplication and Top-N, and the OVER aggregates; the physical planner
                // checks the rest of the shape (frame, ORDER BY the rowtime).
                if (!(call.operand(0) instanceof SqlCall agg) || !OVER_FUNCTIONS.contains(agg.getKind())) {
                    throw unsupported(call.getParserPosition(), "OVER windows other than ROW_NUMBER() "
                            + "for deduplication and Top-N and COUNT, SUM, MIN, MAX, AVG over a rowtime order");
                }
            }
            // ORDER BY / LIMIT: the physical planner (SortPlanning) accepts Flink's streaming forms.
            // x > ALL (subquery) and the like: over an empty subquery the answer is every row, but a streaming
            // aggregate over no rows emits nothing, so the rewrite would silently return none. NOT IN is kind NOT_IN.
            case ALL -> throw unsupported(call.getParserPosition(), "a comparison with ALL (" + call.getOperator()
                    .getName() + "); write NOT IN for <> ALL, or compare with the subquery's MIN or MAX");
            case VALUES -> throw unsupported(call.getParserPosition(), "VALUES");
            default -> {
            }
        }
        if (call.getOperator() instanceof SqlWindowTableFunction) {
            if (!isSupportedWindow(call)) {
                throw unsupported(call.getParserPosition(), "the window function " + call.getOperator().getName()
                        + " (supported: TUMBLE, HOP, CUMULATE, SESSION)");
            }
            checkTimeAttribute(call);
        } else if (kind == SqlKind.TUMBLE || kind == SqlKind.HOP || kind == SqlKind.SESSION) {
            throw unsupported(call.getParserPosition(), "the legacy group window " + call.getOperator().getName()
                    + "(...) in GROUP BY; use the window TVF TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL ...))");
        }
        return super.visit(call);
    }

    static boolean isSupportedWindow(SqlCall call) {
        String name = call.getOperator().getName();
        return name.equalsIgnoreCase("TUMBLE") || name.equalsIgnoreCase("HOP") || name.equalsIgnoreCase("CUMULATE")
                || name.equalsIgnoreCase("SESSION");
    }


    private void checkTimeAttribute(SqlCall call) {
        SqlNode data = argument(call, 0, "DATA");
        SqlNode timecol = argument(call, 1, "TIMECOL");
        // Before operator resolution DESCRIPTOR may still be an unresolved function: match by name.
        if (data == null || !(timecol instanceof SqlCall d) || !d.getOperator().getName().equalsIgnoreCase("DESCRIPTOR")) {
            return;
        }
        if (data.getKind() == SqlKind.SET_SEMANTICS_TABLE) {
            data = ((SqlCall) data).operand(0); // SESSION(TABLE t PARTITION BY k, ...)
        }
        if (data.getKind() == SqlKind.EXPLICIT_TABLE) {
            data = ((SqlCall) data).operand(0);
        } else if (data instanceof SqlSelect select) {
            // The validator rewrites TABLE t into SELECT * FROM t.
            data = select.getFrom();
            if (data != null && data.getKind() == SqlKind.AS) {
                data = ((SqlCall) data).operand(0);
            }
        }
        SqlCall descriptor = (SqlCall) timecol;
        if (!(data instanceof SqlIdentifier tableId) || descriptor.operandCount() != 1
                || !(descriptor.operand(0) instanceof SqlIdentifier columnId)) {
            return;
        }
        String tableName = tableId.names.get(tableId.names.size() - 1);
        Optional<CatalogTable> table = catalog.table(tableName);
        if (table.isEmpty()) {
            return; // a view: its time attributes are checked where its tables are scanned
        }
        String column = columnId.names.get(columnId.names.size() - 1);
        String rowtime = table.get().watermarkColumn();
        if (!column.equals(rowtime)) {
            SqlParserPos pos = columnId.getParserPosition();
            throw text.errorAt(pos.getLineNum(), pos.getColumnNum(), "The window function "
                    + call.getOperator().getName() + " requires a time attribute column: column '" + column
                    + "' of table '" + tableName + "' has no WATERMARK"
                    + (rowtime == null ? "" : " (the table's time attribute is '" + rowtime + "')"));
        }
    }

    /** The operand at {@code index}, or the named argument {@code name} ({@code NAME => value}). */
    private static SqlNode argument(SqlCall call, int index, String name) {
        for (SqlNode operand : call.getOperandList()) {
            if (operand != null && operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
                SqlBasicCall assign = (SqlBasicCall) operand;
                if (assign.operand(1) instanceof SqlIdentifier id && id.getSimple().equalsIgnoreCase(name)) {
                    return assign.operand(0);
                }
            }
        }
        if (index < call.operandCount()) {
            SqlNode operand = call.operand(index);
            if (operand != null && operand.getKind() != SqlKind.ARGUMENT_ASSIGNMENT) {
                return operand;
            }
        }
        return null;
    }

    private RuntimeException unsupported(SqlParserPos pos, String what) {
        return text.errorAt(Math.max(1, pos.getLineNum()), Math.max(1, pos.getColumnNum()),
                "Not supported yet: " + what + "; see README 'Supported SQL'");
    }
}

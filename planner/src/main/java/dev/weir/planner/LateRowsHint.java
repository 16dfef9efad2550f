package dev.weir.planner;

import dev.weir.parser.SqlException;
import dev.weir.parser.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlHint;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Weir's query hint {@code SELECT /*+ LATE_ROWS('late_clicks') *}{@code /}: the rows the query's
 * window aggregation drops as late go into table {@code late_clicks}, in the same job. Read from the
 * parsed query before validation, and taken out of it, so Calcite never sees a hint it does not know.
 *
 * @param table the table named in the hint
 * @param node  the hint itself, for its position in the query
 */
record LateRowsHint(String table, SqlNode node, SqlText query) {
    static final String NAME = "LATE_ROWS";

    LateRowsHint {
        Objects.requireNonNull(table, "table is null");
        Objects.requireNonNull(node, "node is null");
        Objects.requireNonNull(query, "query is null");
    }

    /** The query's LATE_ROWS hint, removed from {@code parsed}, or null when it has none. */
    static LateRowsHint take(SqlNode parsed, SqlText query) {
        List<LateRowsHint> found = new ArrayList<>();
        QueryHints.take(parsed, NAME, (select, hint) -> found.add(of(hint, query, found)));
        return found.isEmpty() ? null : found.get(0);
    }

    private static LateRowsHint of(SqlHint hint, SqlText query, List<LateRowsHint> earlier) {
        if (!earlier.isEmpty()) {
            throw error(hint, query, "A query takes one LATE_ROWS hint (the first is at "
                    + position(earlier.get(0).node(), query) + "): the late rows of its window aggregation go into "
                    + "one table");
        }
        List<String> options = hint.getOptionFormat() == SqlHint.HintOptionFormat.KV_LIST ? List.of()
                : hint.getOptionList();
        if (options.size() != 1 || options.get(0).isBlank()) {
            throw error(hint, query, "LATE_ROWS takes one table name, the table the late rows go into: "
                    + "/*+ LATE_ROWS('late_clicks') */");
        }
        return new LateRowsHint(options.get(0), hint, query);
    }

    /** An error at the hint. */
    SqlException error(String message) {
        return error(node, query, message);
    }

    private static SqlException error(SqlNode node, SqlText query, String message) {
        SqlParserPos pos = node.getParserPosition();
        return query.errorAt(Math.max(1, pos.getLineNum()), Math.max(1, pos.getColumnNum()), message);
    }

    private static String position(SqlNode node, SqlText query) {
        SqlParserPos pos = node.getParserPosition();
        return query.toScriptPosition(Math.max(1, pos.getLineNum()), Math.max(1, pos.getColumnNum())).toString();
    }
}

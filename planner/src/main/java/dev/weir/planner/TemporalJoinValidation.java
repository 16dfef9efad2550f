package dev.weir.planner;

import dev.weir.parser.SqlText;
import dev.weir.planner.calcite.SqlCalls;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Flink's rules for {@code l [LEFT] JOIN v FOR SYSTEM_TIME AS OF l.rowtime AS r ON ...}, checked on
 * the parsed query so that the error points at the offending part: the join type, the {@code AS OF}
 * expression, the versioned table (a catalog table needs a primary key and a watermark) and the ON
 * equalities on its primary key. What needs the planned inputs (a view's key, a subquery's rowtime)
 * the temporal join's physical planning checks again, with the same messages.
 */
final class TemporalJoinValidation {
    /** Functions of the processing time: FOR SYSTEM_TIME AS OF one of them is a processing-time temporal join. */
    private static final Set<String> PROCESSING_TIME = Set.of("PROCTIME", "NOW", "CURRENT_TIMESTAMP",
            "LOCALTIMESTAMP", "CURRENT_ROW_TIMESTAMP");
    private static final String AS_OF_TIME_ATTRIBUTE = "Temporal table join currently only supports"
            + " 'FOR SYSTEM_TIME AS OF' left table's time attribute field";

    private final Catalog catalog;
    private final SqlText text;

    private TemporalJoinValidation(Catalog catalog, SqlText text) {
        this.catalog = catalog;
        this.text = text;
    }

    /** Checks every temporal join of the parsed (not yet validated) query {@code parsed}. */
    static void check(SqlNode parsed, Catalog catalog, SqlText text) {
        TemporalJoinValidation validation = new TemporalJoinValidation(catalog, text);
        Set<SqlNode> joined = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        SqlCalls.forEach(parsed, call -> {
            if (call instanceof SqlJoin join) {
                SqlNode snapshot = validation.checkJoin(join);
                if (snapshot != null) {
                    joined.add(snapshot);
                }
            } else if (call instanceof SqlSnapshot snapshot && !joined.contains(snapshot)) {
                // Visited after its join when it is one's versioned table.
                throw validation.error(snapshot.getParserPosition(), "FOR SYSTEM_TIME AS OF is supported only"
                        + " on the versioned table of a temporal join: 'stream [LEFT] JOIN versioned FOR"
                        + " SYSTEM_TIME AS OF stream.rowtime AS v ON stream.k = v.k'.");
            }
        });
    }

    /** Checks {@code join} when it is a temporal join; returns its snapshot, or null. */
    private SqlNode checkJoin(SqlJoin join) {
        SqlNode right = join.getRight();
        String rightAlias = null;
        if (right.getKind() == SqlKind.AS) {
            rightAlias = ((SqlIdentifier) ((SqlCall) right).operand(1)).getSimple();
            right = ((SqlCall) right).operand(0);
        }
        if (join.getLeft() instanceof SqlSnapshot snapshot) {
            throw error(snapshot.getParserPosition(), "The versioned table of a temporal join (FOR SYSTEM_TIME AS"
                    + " OF) must be the right side of the join: write 'stream [LEFT] JOIN versioned FOR SYSTEM_TIME"
                    + " AS OF stream.rowtime'.");
        }
        if (!(right instanceof SqlSnapshot snapshot)) {
            return null;
        }
        JoinType type = join.getJoinType();
        if (type != JoinType.INNER && type != JoinType.LEFT) {
            throw error(join.getParserPosition(), "Temporal table join currently only supports INNER JOIN and LEFT"
                    + " JOIN, not " + type.name().replace('_', ' ') + " JOIN. Write the query as an INNER or LEFT"
                    + " JOIN with the versioned table on the right.");
        }
        SqlNode period = snapshot.getPeriod();
        checkPeriod(period, join.getLeft());
        if (!(snapshot.getTableRef() instanceof SqlIdentifier tableId)) {
            return snapshot;
        }
        String tableName = tableId.names.get(tableId.names.size() - 1);
        CatalogTable table = catalog.table(tableName).orElse(null);
        if (table == null) {
            return snapshot; // a view (its key and rowtime are checked when planned) or an unknown table
        }
        if (table.primaryKey().isEmpty()) {
            throw error(tableId.getParserPosition(), "Temporal Table Join requires primary key in versioned table,"
                    + " but no primary key can be found (versioned table '" + tableName + "'). Declare PRIMARY KEY"
                    + " (...) NOT ENFORCED on it, or join a view that keeps the last row per key: SELECT * FROM"
                    + " (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY rowtime DESC) AS rn FROM t) WHERE rn = 1.");
        }
        if (table.watermarkColumn() == null) {
            throw error(tableId.getParserPosition(), "Event-Time Temporal Table Join requires both primary key and"
                    + " row time attribute in versioned table, but no row time attribute can be found (versioned"
                    + " table '" + tableName + "'). Declare a WATERMARK on its time column.");
        }
        checkPrimaryKeyEqualities(join, rightAlias != null ? rightAlias : tableName, table);
        return snapshot;
    }

    /** AS OF must name a column of the left input; a left catalog table's column must be its rowtime. */
    private void checkPeriod(SqlNode period, SqlNode left) {
        if (period instanceof SqlCall call && PROCESSING_TIME.contains(
                call.getOperator().getName().toUpperCase(Locale.ROOT))
                || period instanceof SqlIdentifier id && id.isSimple()
                && PROCESSING_TIME.contains(id.getSimple().toUpperCase(Locale.ROOT))) {
            throw error(period.getParserPosition(), "Processing-time temporal join is not supported yet: Flink runs"
                    + " it only as a lookup join against a lookup source (JDBC, HBase, ...), and Weir has no lookup"
                    + " connector. Join FOR SYSTEM_TIME AS OF the left table's rowtime (a column with a WATERMARK)"
                    + " for an event-time temporal join.");
        }
        if (!(period instanceof SqlIdentifier column)) {
            throw error(period.getParserPosition(), AS_OF_TIME_ATTRIBUTE + ", not an expression. Name the left"
                    + " table's rowtime column (the column of its WATERMARK).");
        }
        String leftAlias = null;
        SqlNode leftTable = left;
        if (left.getKind() == SqlKind.AS) {
            leftAlias = ((SqlIdentifier) ((SqlCall) left).operand(1)).getSimple();
            leftTable = ((SqlCall) left).operand(0);
        }
        if (!(leftTable instanceof SqlIdentifier leftId) || column.names.size() != 2) {
            return; // a subquery or a join: its rowtime is known once planned
        }
        String leftName = leftId.names.get(leftId.names.size() - 1);
        String qualifier = leftAlias != null ? leftAlias : leftName;
        CatalogTable table = catalog.table(leftName).orElse(null);
        if (table == null || !column.names.get(0).equals(qualifier)) {
            return;
        }
        String name = column.names.get(1);
        if (!name.equals(table.watermarkColumn())) {
            throw error(period.getParserPosition(), AS_OF_TIME_ATTRIBUTE + ": '" + name + "' is not the rowtime of"
                    + " '" + leftName + "' (" + (table.watermarkColumn() == null ? "it has no WATERMARK"
                            : "that is '" + table.watermarkColumn() + "'") + "). Weir has no processing-time temporal"
                    + " join (Flink runs it only as a lookup join, and Weir has no lookup connector); join FOR"
                    + " SYSTEM_TIME AS OF the rowtime, a column with a WATERMARK.");
        }
    }

    /** The ON condition's equalities must cover every primary key column of the versioned table. */
    private void checkPrimaryKeyEqualities(SqlJoin join, String rightQualifier, CatalogTable table) {
        SqlNode condition = join.getCondition();
        if (condition == null) {
            throw error(join.getParserPosition(), "Currently the join key in Temporal Table Join can not be empty:"
                    + " add ON with an equality on the versioned table's primary key " + table.primaryKey() + ".");
        }
        List<String> equated = new ArrayList<>();
        List<String> equalities = new ArrayList<>();
        if (!collectEqualities(condition, rightQualifier, equated, equalities)) {
            return; // an unqualified column: which side it is from is known once planned
        }
        if (equalities.isEmpty()) {
            throw error(condition.getParserPosition(), "Currently the join key in Temporal Table Join can not be"
                    + " empty: the ON condition needs an equality on the versioned table's primary key ["
                    + String.join(",", table.primaryKey()) + "].");
        }
        for (String pk : table.primaryKey()) {
            if (!equated.contains(pk)) {
                throw error(condition.getParserPosition(), "Temporal table's primary key ["
                        + String.join(",", table.primaryKey()) + "] must be included in the equivalence condition of"
                        + " temporal join, but current temporal join condition is [" + String.join(",", equalities)
                        + "]. Add an equality on each primary key column to the ON clause.");
            }
        }
    }

    /**
     * Adds the versioned table's columns that the AND-ed equalities of {@code condition} equate with
     * a column of the other side to {@code equated}, and those equalities' text to {@code equalities}.
     * False when an equality is not between two qualified columns: this check cannot tell its sides.
     */
    private static boolean collectEqualities(SqlNode condition, String rightQualifier, List<String> equated,
            List<String> equalities) {
        if (condition.getKind() == SqlKind.AND) {
            for (SqlNode operand : ((SqlCall) condition).getOperandList()) {
                if (!collectEqualities(operand, rightQualifier, equated, equalities)) {
                    return false;
                }
            }
            return true;
        }
        if (condition.getKind() != SqlKind.EQUALS) {
            return true;
        }
        SqlNode a = ((SqlCall) condition).operand(0);
        SqlNode b = ((SqlCall) condition).operand(1);
        if (!(a instanceof SqlIdentifier ia) || ia.isSimple() || !(b instanceof SqlIdentifier ib) || ib.isSimple()) {
            return false;
        }
        String ra = rightColumn(a, rightQualifier);
        String rb = rightColumn(b, rightQualifier);
        if ((ra == null) != (rb == null)) {
            SqlIdentifier other = ra != null ? ib : ia;
            equated.add(ra != null ? ra : rb);
            equalities.add(other.names.get(other.names.size() - 1) + "=" + (ra != null ? ra : rb));
        }
        return true;
    }

    private static String rightColumn(SqlNode node, String rightQualifier) {
        return node instanceof SqlIdentifier id && id.names.size() == 2 && id.names.get(0).equals(rightQualifier)
                ? id.names.get(1) : null;
    }

    private RuntimeException error(SqlParserPos pos, String message) {
        return text.errorAt(Math.max(1, pos.getLineNum()), Math.max(1, pos.getColumnNum()), message);
    }
}

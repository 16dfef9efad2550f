package dev.weir.planner.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Rewrites Flink's legacy group windows onto the window table functions, in a parsed query:
 * <pre>
 * SELECT k, TUMBLE_START(ts, i), COUNT(*) FROM t WHERE p GROUP BY k, TUMBLE(ts, i)
 *   →  SELECT k, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), i)) WHERE p
 *      GROUP BY k, window_start, window_end
 * </pre>
 * and likewise {@code HOP(ts, slide, size)} and {@code SESSION(ts, gap)} (sessions per grouping
 * key). {@code X_START}, {@code X_END} and {@code X_ROWTIME} become {@code window_start},
 * {@code window_end} and {@code window_time} (then also grouped by). Only a FROM naming one table
 * or view (optionally aliased) is rewritten; anything else is left for the usual checks to refuse.
 */
final class LegacyGroupWindows {
    private LegacyGroupWindows() {
    }

    /** Rewrites {@code parsed} in place. */
    static void rewrite(SqlNode parsed) {
        SqlCalls.forEach(parsed, call -> {
            if (call instanceof SqlSelect select) {
                rewriteSelect(select);
            }
        });
    }

    private static String windowName(SqlNode node) {
        if (!(node instanceof SqlCall call)) {
            return null;
        }
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT).replace("$", "");
        return name.equals("TUMBLE") || name.equals("HOP") || name.equals("SESSION") ? name : null;
    }

    private static void rewriteSelect(SqlSelect select) {
        SqlNodeList group = select.getGroup();
        if (group == null) {
            return;
        }
        SqlCall window = null;
        String name = null;
        for (SqlNode g : group) {
            String n = windowName(g);
            if (n != null) {
                window = (SqlCall) g;
                name = n;
            }
        }
        if (window == null || window.operandCount() < 2 || !(window.operand(0) instanceof SqlIdentifier time)) {
            return;
        }
        SqlNode from = select.getFrom();
        SqlIdentifier table;
        SqlCall as = null;
        if (from instanceof SqlIdentifier id) {
            table = id;
        } else if (from != null && from.getKind() == SqlKind.AS && ((SqlCall) from).operand(0) instanceof SqlIdentifier id) {
            table = id;
            as = (SqlCall) from;
        } else {
            return;
        }
        SqlParserPos pos = window.getParserPosition();
        List<SqlNode> args = new ArrayList<>();
        args.add(SqlStdOperatorTable.EXPLICIT_TABLE.createCall(pos, table));
        args.add(SqlStdOperatorTable.DESCRIPTOR.createCall(pos,
                new SqlIdentifier(time.names.get(time.names.size() - 1), time.getParserPosition())));
        for (int i = 1; i < window.operandCount(); i++) {
            args.add(window.operand(i));
        }
        SqlWindowTableFunction fn = switch (name) {
            case "TUMBLE" -> WindowTableFunctions.TUMBLE;
            case "HOP" -> WindowTableFunctions.HOP;
            default -> WindowTableFunctions.SESSION;
        };
        SqlNode tvf = SqlStdOperatorTable.COLLECTION_TABLE.createCall(pos, new SqlBasicCall(fn, args, pos));
        if (as != null) {
            as.setOperand(0, tvf);
        } else {
            select.setFrom(tvf);
        }
        String prefix = name + "_";
        boolean[] rowtime = {false};
        SqlShuttle properties = new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                String fnName = call.getOperator().getName().toUpperCase(Locale.ROOT);
                if (fnName.startsWith(prefix)) {
                    switch (fnName.substring(prefix.length())) {
                        case "START":
                            return new SqlIdentifier("window_start", call.getParserPosition());
                        case "END":
                            return new SqlIdentifier("window_end", call.getParserPosition());
                        case "ROWTIME":
                            rowtime[0] = true;
                            return new SqlIdentifier("window_time", call.getParserPosition());
                        default:
                            break;
                    }
                }
                return super.visit(call);
            }
        };
        select.setSelectList((SqlNodeList) select.getSelectList().accept(properties));
        if (select.getHaving() != null) {
            select.setHaving(select.getHaving().accept(properties));
        }
        SqlNodeList newGroup = new SqlNodeList(group.getParserPosition());
        for (SqlNode g : group) {
            if (g == window) {
                newGroup.add(new SqlIdentifier("window_start", pos));
                newGroup.add(new SqlIdentifier("window_end", pos));
                if (rowtime[0]) {
                    newGroup.add(new SqlIdentifier("window_time", pos));
                }
            } else {
                newGroup.add(g);
            }
        }
        select.setGroupBy(newGroup);
    }
}

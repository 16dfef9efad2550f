package dev.weir.planner.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Takes Flink's {@code PARTITION BY} off {@code SESSION(TABLE t PARTITION BY k, ...)} in a parsed
 * query, leaving {@code SESSION(TABLE t, ...)}. Calcite parses the clause (a set-semantics table)
 * but plans it as a correlation that loses the keys. A session window aggregation does not need
 * them, because it keeps its sessions per grouping key anyway; what Flink requires, and this checks,
 * is that the enclosing query groups by every partition key. Without GROUP BY (the rows of each
 * session, not an aggregate) the keys are passed on as SESSION's {@code PARTITION_KEYS} argument,
 * {@code DESCRIPTOR(k, …)}.
 */
final class SessionPartitions {
    private SessionPartitions() {
    }

    /** Rewrites {@code parsed} in place. */
    static void rewrite(SqlNode parsed, ErrorPositioner at) {
        SqlCalls.forEach(parsed, call -> {
            if (call instanceof SqlSelect select) {
                rewriteFrom(select, select.getFrom(), at);
            }
        });
    }

    private static void rewriteFrom(SqlSelect select, SqlNode from, ErrorPositioner at) {
        if (from == null) {
            return;
        }
        if (from.getKind() == SqlKind.AS) {
            rewriteFrom(select, ((SqlCall) from).operand(0), at);
            return;
        }
        if (from.getKind() != SqlKind.COLLECTION_TABLE || !(((SqlCall) from).operand(0) instanceof SqlBasicCall fn)
                || !fn.getOperator().getName().equalsIgnoreCase("SESSION")) {
            return;
        }
        boolean named = false;
        SqlNodeList partitionKeys = null;
        for (int i = 0; i < fn.operandCount(); i++) {
            SqlNode operand = fn.operand(i);
            named |= operand != null && operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT;
            SqlBasicCall holder = fn;
            int index = i;
            if (operand != null && operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
                holder = (SqlBasicCall) operand;
                index = 0;
                operand = holder.operand(0);
            }
            if (operand != null && operand.getKind() == SqlKind.SET_SEMANTICS_TABLE) {
                SqlCall setTable = (SqlCall) operand;
                SqlNodeList partitions = setTable.operand(1);
                SqlNodeList order = setTable.operand(2);
                if (order != null && order.size() > 0) {
                    throw error(at, order.getParserPosition(), "SESSION does not take ORDER BY on its table "
                            + "argument; the order is the time attribute in DESCRIPTOR(...). Remove the ORDER BY.");
                }
                checkGrouped(select, partitions, at);
                holder.setOperand(index, setTable.operand(0));
                partitionKeys = partitions;
            }
        }
        if (select.getGroup() == null && partitionKeys != null && partitionKeys.size() > 0) {
            ((SqlCall) from).setOperand(0, withPartitionKeys(fn, partitionKeys, named));
        }
    }

    /** {@code fn} with {@code DESCRIPTOR(keys)} as its PARTITION_KEYS argument, named if its others are. */
    private static SqlCall withPartitionKeys(SqlBasicCall fn, SqlNodeList keys, boolean named) {
        for (SqlNode key : keys) {
            if (!(key instanceof SqlIdentifier)) {
                throw new IllegalStateException("checked by checkGrouped: " + key);
            }
        }
        SqlParserPos pos = keys.getParserPosition();
        SqlNode descriptor = SqlStdOperatorTable.DESCRIPTOR.createCall(pos, keys.getList());
        if (named) {
            descriptor = SqlStdOperatorTable.ARGUMENT_ASSIGNMENT.createCall(pos, descriptor,
                    new SqlIdentifier(WindowTableFunctions.PARTITION_KEYS, pos));
        }
        List<SqlNode> operands = new ArrayList<>(fn.getOperandList());
        operands.add(descriptor);
        return fn.getOperator().createCall(fn.getFunctionQuantifier(), fn.getParserPosition(), operands);
    }

    private static void checkGrouped(SqlSelect select, SqlNodeList partitions, ErrorPositioner at) {
        for (SqlNode p : partitions) {
            if (!(p instanceof SqlIdentifier)) {
                throw error(at, p.getParserPosition(), "SESSION's PARTITION BY takes column names only.");
            }
        }
        if (select.getGroup() == null) {
            return; // the rows of each session: the keys go on to the function (withPartitionKeys)
        }
        List<String> grouped = new ArrayList<>();
        for (SqlNode g : select.getGroup()) {
            if (g instanceof SqlIdentifier id) {
                grouped.add(last(id));
            }
        }
        for (SqlNode p : partitions) {
            if (!(p instanceof SqlIdentifier id)) {
                throw error(at, p.getParserPosition(), "SESSION's PARTITION BY takes column names only.");
            }
            if (!grouped.contains(last(id))) {
                throw error(at, p.getParserPosition(), "The SESSION window is partitioned by '" + last(id)
                        + "', but the query does not GROUP BY it. Add '" + last(id) + "' to the GROUP BY.");
            }
        }
    }

    private static String last(SqlIdentifier id) {
        return id.names.get(id.names.size() - 1);
    }

    private static RuntimeException error(ErrorPositioner at, SqlParserPos pos, String message) {
        return at.at(Math.max(1, pos.getLineNum()), Math.max(1, pos.getColumnNum()), message);
    }

}

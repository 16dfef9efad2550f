package dev.weir.planner.calcite;

import java.util.function.Consumer;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/** Walks a parsed query for the checks and rewrites that run before Calcite validates it. */
public final class SqlCalls {
    private SqlCalls() {
    }

    /**
     * Calls {@code action} on every call in {@code parsed}, a call before its operands, so an action
     * that rewrites a call's operands in place has the rewritten ones walked. Null operands and list
     * elements (absent optional clauses) are skipped.
     */
    public static void forEach(SqlNode parsed, Consumer<SqlCall> action) {
        parsed.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                action.accept(call);
                for (SqlNode operand : call.getOperandList()) {
                    if (operand != null) {
                        operand.accept(this);
                    }
                }
                return null;
            }

            @Override
            public Void visit(SqlNodeList nodeList) {
                for (SqlNode n : nodeList) {
                    if (n != null) {
                        n.accept(this);
                    }
                }
                return null;
            }
        });
    }
}

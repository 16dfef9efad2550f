package dev.weir.planner.expr;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Renders an expression the way Flink's EXPLAIN does: Calcite's prefix call form with input
 * names instead of {@code $i}, and {@code CAST(x AS TYPE)} with Flink type names.
 */
final class Describer {
    private Describer() {
    }

    static String describe(RexNode node, List<String> inputNames) {
        StringBuilder sb = new StringBuilder();
        append(sb, node, inputNames);
        return sb.toString();
    }

    private static void append(StringBuilder sb, RexNode node, List<String> names) {
        if (node instanceof RexInputRef ref) {
            int i = ref.getIndex();
            sb.append(names != null && i < names.size() ? names.get(i) : "$" + i);
        } else if (node instanceof RexLiteral literal) {
            sb.append(literal);
        } else if (node instanceof RexCall call) {
            if (call.getKind() == SqlKind.CAST) {
                sb.append("CAST(");
                append(sb, call.getOperands().get(0), names);
                sb.append(" AS ").append(typeName(call.getType())).append(')');
                return;
            }
            sb.append(call.getOperator().getName()).append('(');
            List<RexNode> operands = call.getOperands();
            for (int i = 0; i < operands.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                append(sb, operands.get(i), names);
            }
            sb.append(')');
        } else {
            sb.append(node);
        }
    }

    /** Flink's type names: STRING, VARCHAR(10), DECIMAL(10, 2), TIMESTAMP(3), TIMESTAMP_LTZ(3). */
    static String typeName(RelDataType type) {
        SqlTypeName name = type.getSqlTypeName();
        return switch (name) {
            case VARCHAR -> type.getPrecision() >= 65536 || type.getPrecision() == Integer.MAX_VALUE
                    || type.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
                    ? "STRING" : "VARCHAR(" + type.getPrecision() + ")";
            case CHAR -> "CHAR(" + type.getPrecision() + ")";
            case INTEGER -> "INT";
            case REAL -> "FLOAT";
            case DECIMAL -> "DECIMAL(" + type.getPrecision() + ", " + type.getScale() + ")";
            case TIMESTAMP -> "TIMESTAMP(" + type.getPrecision() + ")";
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "TIMESTAMP_LTZ(" + type.getPrecision() + ")";
            case VARBINARY -> type.getPrecision() >= 65536 || type.getPrecision() == Integer.MAX_VALUE
                    ? "BYTES" : "VARBINARY(" + type.getPrecision() + ")";
            case TIME -> "TIME(" + type.getPrecision() + ")";
            case ARRAY -> "ARRAY<" + typeName(type.getComponentType()) + ">";
            case MAP -> "MAP<" + typeName(type.getKeyType()) + ", " + typeName(type.getValueType()) + ">";
            default -> type.getFullTypeString().replace(" NOT NULL", "");
        };
    }
}

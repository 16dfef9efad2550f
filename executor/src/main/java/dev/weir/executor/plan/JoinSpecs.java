package dev.weir.executor.plan;

import dev.weir.core.type.RowType;

/** EXPLAIN text shared by the join specs. */
final class JoinSpecs {
    private JoinSpecs() {
    }

    /** {@code l.a = r.a AND ...} with output column names. */
    static String equalities(RowType outputType, int leftArity, int[] leftKeys, int[] rightKeys) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < leftKeys.length; i++) {
            sb.append(i == 0 ? "" : " AND ").append(outputType.field(leftKeys[i]).name()).append(" = ")
                    .append(outputType.field(leftArity + rightKeys[i]).name());
        }
        return sb.toString();
    }

    /** {@code (a, b)} naming the left key columns. */
    static String keyNames(RowType outputType, int leftArity, int[] leftKeys, int[] rightKeys) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < leftKeys.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(outputType.field(leftKeys[i]).name());
        }
        return sb.append(')').toString();
    }
}

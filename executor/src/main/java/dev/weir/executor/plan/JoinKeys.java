package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Arrays;
import java.util.Objects;

/**
 * The equi-join key columns of a two-input join: column {@code left[i]} of the left input equals
 * column {@code right[i]} of the right input. None for a join without equalities, which runs under
 * one global key, on one subtask, as Flink's joins without equalities do. Immutable: the arrays are
 * copied in and out, and equality compares their contents.
 *
 * @param left  key columns in the left input (input 0)
 * @param right key columns in the right input (input 1), pairwise equal to {@code left}
 */
public record JoinKeys(int[] left, int[] right) {
    private static final JoinKeys NONE = new JoinKeys(new int[0], new int[0]);

    public JoinKeys {
        Objects.requireNonNull(left, "left is null");
        Objects.requireNonNull(right, "right is null");
        if (left.length != right.length) {
            throw new IllegalArgumentException("join key columns come in pairs, not " + left.length + " left and "
                    + right.length + " right");
        }
        left = left.clone();
        right = right.clone();
    }

    /** No key pairs: the join runs under one global key. */
    public static JoinKeys none() {
        return NONE;
    }

    @Override
    public int[] left() {
        return left.clone();
    }

    @Override
    public int[] right() {
        return right.clone();
    }

    /** The key columns of input {@code input} (0 = left, 1 = right). */
    public int[] of(int input) {
        return input == 0 ? left() : right();
    }

    /** The number of key pairs. */
    public int size() {
        return left.length;
    }

    /** Whether there are no key pairs (one global key). */
    public boolean isEmpty() {
        return left.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JoinKeys k && Arrays.equals(left, k.left) && Arrays.equals(right, k.right);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(left) + Arrays.hashCode(right);
    }

    @Override
    public String toString() {
        return "JoinKeys[left=" + Arrays.toString(left) + ", right=" + Arrays.toString(right) + "]";
    }

    /** {@code l.a = r.a AND ...} for EXPLAIN, named by a join's output: the left columns, then the right ones. */
    String equalities(RowType outputType, int leftArity) {
        return equalities(outputType, outputType, leftArity);
    }

    /**
     * {@code l.a = r.a AND ...} for EXPLAIN: left key {@code i} named by {@code leftType}, right key
     * {@code i} by column {@code rightOffset + right[i]} of {@code rightType}.
     */
    String equalities(RowType leftType, RowType rightType, int rightOffset) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < left.length; i++) {
            sb.append(i == 0 ? "" : " AND ").append(leftType.field(left[i]).name()).append(" = ")
                    .append(rightType.field(rightOffset + right[i]).name());
        }
        return sb.toString();
    }

    /** {@code (a, b)} naming the left key columns by {@code leftType}, for EXPLAIN's state text. */
    String leftNames(RowType leftType) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < left.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(leftType.field(left[i]).name());
        }
        return sb.append(')').toString();
    }
}

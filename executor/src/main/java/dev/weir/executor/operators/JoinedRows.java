package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;

/** Builds the output rows of a join: left columns, then right columns. */
final class JoinedRows {
    private final int leftArity;
    private final int rightArity;

    JoinedRows(int leftArity, int rightArity) {
        this.leftArity = leftArity;
        this.rightArity = rightArity;
    }

    /** {@code row} of input {@code input} joined with {@code other} of the other input. */
    Row join(int input, Row row, Row other, RowKind kind) {
        return input == 0 ? concat(row, other, kind) : concat(other, row, kind);
    }

    /** {@code row} of input {@code input} with NULLs for the other input's columns. */
    Row padded(int input, Row row, RowKind kind) {
        return input == 0 ? concat(row, null, kind) : concat(null, row, kind);
    }

    /** Fills {@code scratch} (of the joined arity) with {@code row} of input {@code input} joined with {@code other}. */
    void fill(Object[] scratch, int input, Row row, Row other) {
        if (input == 0) {
            copy(row, other, scratch);
        } else {
            copy(other, row, scratch);
        }
    }

    int arity() {
        return leftArity + rightArity;
    }

    private Row concat(Row left, Row right, RowKind kind) {
        Object[] values = new Object[leftArity + rightArity];
        copy(left, right, values);
        return Row.wrap(kind, values);
    }

    private void copy(Row left, Row right, Object[] values) {
        for (int i = 0; left != null && i < leftArity; i++) {
            values[i] = left.field(i);
        }
        for (int i = 0; right != null && i < rightArity; i++) {
            values[leftArity + i] = right.field(i);
        }
    }

    /** Whether a key has a NULL column: SQL equality never matches it. */
    static boolean hasNull(Row key) {
        for (int i = 0; i < key.arity(); i++) {
            if (key.field(i) == null) {
                return true;
            }
        }
        return false;
    }
}

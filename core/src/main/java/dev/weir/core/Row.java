package dev.weir.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A fixed-arity record plus its change kind. Values use Weir's internal representation
 * (see {@link dev.weir.core.type.DataType}); {@code null} is SQL NULL.
 *
 * <p>Rows are immutable by contract: the field array is never handed out, and operators build
 * new rows instead of changing old ones, so a row can be buffered, keyed and emitted safely.
 */
public final class Row {
    private final RowKind kind;
    private final Object[] fields;
    /** Cached {@link #hashCode} (0 = not computed yet), as String does: a key row is hashed by every state access. */
    private int hash;

    private Row(RowKind kind, Object[] fields) {
        this.kind = Objects.requireNonNull(kind, "kind is null");
        this.fields = fields;
    }

    /** An insert row holding a copy of the given values. */
    public static Row of(Object... values) {
        return new Row(RowKind.INSERT, values.clone());
    }

    public static Row ofKind(RowKind kind, Object... values) {
        return new Row(kind, values.clone());
    }

    /**
     * Wraps the array without copying. The caller hands over ownership and must not change the
     * array afterwards; this is the hot-path constructor for operators that build fresh arrays.
     */
    public static Row wrap(RowKind kind, Object[] fields) {
        return new Row(kind, Objects.requireNonNull(fields, "fields is null"));
    }

    public RowKind kind() {
        return kind;
    }

    public int arity() {
        return fields.length;
    }

    public Object field(int index) {
        return fields[index];
    }

    public Row withKind(RowKind newKind) {
        return newKind == kind ? this : new Row(newKind, fields);
    }

    /** A copy of the values, for callers that need to build a changed row. */
    public Object[] copyFields() {
        return fields.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Row other)) {
            return false;
        }
        return kind == other.kind && Arrays.deepEquals(fields, other.fields);
    }

    /**
     * Stable across JVMs (the kind's byte, not its identity hash), because keys are hashed into
     * key groups that are stored in checkpoints and must match after a restore in a new process.
     */
    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * kind.toByteValue() + Arrays.deepHashCode(fields);
            hash = h;
        }
        return h;
    }

    /** Debug form {@code +I[a, 1]}; connectors render values with their own formatting. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.shortString()).append('[');
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(fields[i] instanceof byte[] b ? Arrays.toString(b) : String.valueOf(fields[i]));
        }
        return sb.append(']').toString();
    }
}

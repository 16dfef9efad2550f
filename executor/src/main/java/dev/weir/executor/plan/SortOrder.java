package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Arrays;
import java.util.Objects;

/**
 * The sort keys of an {@code ORDER BY}, most significant first: per key its column, whether it
 * sorts descending and whether NULL sorts before every value. Immutable (the arrays are copied in
 * and out), equal by content.
 *
 * @param indices    the sort columns in the operator's input
 * @param descending per sort column, whether it sorts descending
 * @param nullsFirst per sort column, whether NULL sorts before every value
 */
public record SortOrder(int[] indices, boolean[] descending, boolean[] nullsFirst) {
    private static final SortOrder NONE = new SortOrder(new int[0], new boolean[0], new boolean[0]);

    public SortOrder {
        Objects.requireNonNull(indices, "indices is null");
        Objects.requireNonNull(descending, "descending is null");
        Objects.requireNonNull(nullsFirst, "nullsFirst is null");
        if (indices.length != descending.length || indices.length != nullsFirst.length) {
            throw new IllegalArgumentException("one direction and null order per sort column");
        }
        indices = indices.clone();
        descending = descending.clone();
        nullsFirst = nullsFirst.clone();
    }

    /** No sort key: every row ties with every other. */
    public static SortOrder none() {
        return NONE;
    }

    @Override
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public boolean[] descending() {
        return descending.clone();
    }

    @Override
    public boolean[] nullsFirst() {
        return nullsFirst.clone();
    }

    /** The number of sort keys. */
    public int size() {
        return indices.length;
    }

    public boolean isEmpty() {
        return indices.length == 0;
    }

    /** The column of sort key {@code i}. */
    public int index(int i) {
        return indices[i];
    }

    /** Whether sort key {@code i} sorts descending. */
    public boolean isDescending(int i) {
        return descending[i];
    }

    /**
     * The keys as EXPLAIN shows them, e.g. {@code v DESC NULLS LAST, k ASC NULLS FIRST}, with the
     * column names of {@code type}. Part of the describe() of the specs that hold it, and so of
     * their operator ids: keep it stable.
     */
    public String describe(RowType type) {
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < indices.length; i++) {
            order.append(i == 0 ? "" : ", ").append(type.field(indices[i]).name())
                    .append(descending[i] ? " DESC" : " ASC").append(nullsFirst[i] ? " NULLS FIRST" : " NULLS LAST");
        }
        return order.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SortOrder s && Arrays.equals(indices, s.indices) && Arrays.equals(descending, s.descending)
                && Arrays.equals(nullsFirst, s.nullsFirst);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(indices), Arrays.hashCode(descending), Arrays.hashCode(nullsFirst));
    }

    @Override
    public String toString() {
        return "SortOrder[indices=" + Arrays.toString(indices) + ", descending=" + Arrays.toString(descending)
                + ", nullsFirst=" + Arrays.toString(nullsFirst) + "]";
    }
}

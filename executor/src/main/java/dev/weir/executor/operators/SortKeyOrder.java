package dev.weir.executor.operators;

import dev.weir.core.Row;
import java.util.Comparator;

/**
 * The order of an {@code ORDER BY}'s sort keys, as SQL defines it: each key ascending or
 * descending, NULLs first or last, the next key breaking ties. Shared by the rank, window rank and
 * temporal sort operators so that all order rows the same way.
 */
final class SortKeyOrder implements Comparator<Row> {
    private final int[] indices;
    private final boolean[] descending;
    private final boolean[] nullsFirst;

    SortKeyOrder(int[] indices, boolean[] descending, boolean[] nullsFirst) {
        if (descending.length != indices.length || nullsFirst.length != indices.length) {
            throw new IllegalArgumentException("one direction and one NULL order per sort key");
        }
        this.indices = indices.clone();
        this.descending = descending.clone();
        this.nullsFirst = nullsFirst.clone();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public int compare(Row a, Row b) {
        for (int i = 0; i < indices.length; i++) {
            Object x = a.field(indices[i]);
            Object y = b.field(indices[i]);
            int c;
            if (x == null || y == null) {
                c = x == y ? 0 : (x == null) == nullsFirst[i] ? -1 : 1;
            } else {
                c = ((Comparable) x).compareTo(y);
                if (descending[i]) {
                    c = -c;
                }
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}

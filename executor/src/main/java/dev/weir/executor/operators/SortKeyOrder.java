package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.executor.plan.SortOrder;
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

    SortKeyOrder(SortOrder order) {
        // Plain arrays (the accessors copy): compare() runs per row and per comparison.
        this.indices = order.indices();
        this.descending = order.descending();
        this.nullsFirst = order.nullsFirst();
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

package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Positions in a partition's rows kept as one list sorted by {@code order}, rows that tie in arrival order (the
 * Top-N and non-time OVER operators), and the serializer of such a list in keyed state.
 */
final class SortedRows {
    private final SortKeyOrder order;

    SortedRows(SortKeyOrder order) {
        this.order = order;
    }

    /** The first position whose row sorts after {@code row}: where a new row goes, after the rows it ties with. */
    int upperBound(List<Row> rows, Row row) {
        int lo = 0;
        int hi = rows.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (order.compare(rows.get(mid), row) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first position whose row does not sort before {@code row}. */
    int lowerBound(List<Row> rows, Row row) {
        int lo = 0;
        int hi = rows.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (order.compare(rows.get(mid), row) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The position of the first row equal to {@code row} (kinds are all INSERT), or -1. */
    int indexOf(List<Row> rows, Row row) {
        for (int i = lowerBound(rows, row); i < rows.size() && order.compare(rows.get(i), row) == 0; i++) {
            if (rows.get(i).equals(row)) {
                return i;
            }
        }
        return -1;
    }

    /** A list of rows in keyed state: count, then each row. */
    record Serializer(RowSerializer rows) implements TypeSerializer<List<Row>> {
        @Override
        public void serialize(List<Row> value, DataOutput out) throws IOException {
            out.writeInt(value.size());
            for (Row r : value) {
                rows.serialize(r, out);
            }
        }

        @Override
        public List<Row> deserialize(DataInput in) throws IOException {
            int n = in.readInt();
            List<Row> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(rows.deserialize(in));
            }
            return list;
        }
    }
}

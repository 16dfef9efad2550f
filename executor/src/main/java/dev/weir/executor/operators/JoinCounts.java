package dev.weir.executor.operators;

import dev.weir.core.serde.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The value a join keeps per stored row: {@code [copies, matches]}, how many copies of the row
 * are live and how many rows of the other input it joins (the interval join only needs 0 or 1).
 */
final class JoinCounts {
    static final TypeSerializer<long[]> SERIALIZER = new TypeSerializer<>() {
        @Override
        public void serialize(long[] value, DataOutput out) throws IOException {
            out.writeLong(value[0]);
            out.writeLong(value[1]);
        }

        @Override
        public long[] deserialize(DataInput in) throws IOException {
            return new long[] {in.readLong(), in.readLong()};
        }
    };

    private JoinCounts() {
    }

    /**
     * A stored row's counts after one copy of it is added ({@code accumulate}, knowing {@code matches} matches) or
     * retracted; null when no copy is left (the row goes). {@code counts} is null for a row not stored, which only an
     * added copy may be.
     */
    static long[] next(long[] counts, boolean accumulate, long matches) {
        if (accumulate) {
            return new long[] {counts == null ? 1 : counts[0] + 1, matches};
        }
        return counts[0] <= 1 ? null : new long[] {counts[0] - 1, counts[1]};
    }
}

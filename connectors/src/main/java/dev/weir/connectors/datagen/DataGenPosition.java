package dev.weir.connectors.datagen;

import dev.weir.core.WeirException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Which of its global rows a datagen subtask has emitted, and its redistribution when rescaling.
 *
 * <p>Subtask {@code s} of {@code p} owns the global rows {@code s, s+p, s+2p, ...}. Its position
 * says: every owned row below {@code cursor} is emitted, and so are the owned rows listed in
 * {@code extras} (sorted, all above the cursor); nothing else is. Version 1, what an unrescaled
 * reader writes, has no extras: (emitted count, anchor), the cursor being {@code s + count * p}.
 * Version 2 adds the extras, which only a rescale creates: the new owners of the old subtasks'
 * rows inherit rows emitted ahead of the others. So no row is emitted twice or lost.
 */
record DataGenPosition(long anchorMillis, long cursor, long[] extras) {
    static final byte COUNT = 1;
    static final byte WITH_EXTRAS = 2;

    /** Decodes the position of subtask {@code subtask} of {@code parallelism}. */
    static DataGenPosition decode(String table, byte[] state, int subtask, int parallelism) {
        try {
            ByteBuffer b = ByteBuffer.wrap(state);
            byte version = b.get();
            if (version == COUNT && state.length == 17) {
                long emitted = b.getLong();
                return new DataGenPosition(b.getLong(), subtask + emitted * parallelism, new long[0]);
            }
            if (version == WITH_EXTRAS) {
                long anchor = b.getLong();
                long cursor = b.getLong();
                long[] extras = new long[b.getInt()];
                for (int i = 0; i < extras.length; i++) {
                    extras[i] = b.getLong();
                }
                if (!b.hasRemaining()) {
                    return new DataGenPosition(anchor, cursor, extras);
                }
            }
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            // reported below
        }
        throw new WeirException("Table '" + table + "': the datagen position in the checkpoint is not readable "
                + "(unknown version or length). Restore from a checkpoint written by this Weir version, or start the "
                + "job without restoring.");
    }

    /** Version 1 when there are no extras (so unrescaled checkpoints read as before), else version 2. */
    byte[] encode(int subtask, int parallelism) {
        if (extras.length == 0) {
            return ByteBuffer.allocate(17).put(COUNT).putLong((cursor - subtask) / parallelism).putLong(anchorMillis)
                    .array();
        }
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 8 + 4 + 8 * extras.length).put(WITH_EXTRAS).putLong(anchorMillis)
                .putLong(cursor).putInt(extras.length);
        for (long row : extras) {
            b.putLong(row);
        }
        return b.array();
    }

    /** Whether owned row {@code row} was emitted. */
    boolean emitted(long row) {
        return row < cursor || Arrays.binarySearch(extras, row) >= 0;
    }

    /** The highest owned row emitted, or {@code cursor - 1} (below which all are). */
    long highestEmitted() {
        return extras.length > 0 ? extras[extras.length - 1] : cursor - 1;
    }

    /**
     * Rescaling: the position of new subtask {@code subtask} of {@code parallelism} from the
     * positions of all old subtasks (null for one that never checkpointed: nothing emitted). The
     * rows between the lowest old cursor and the highest emitted row are checked one by one, so
     * the work is proportional to how far the old subtasks had drifted apart.
     */
    static byte[] rescale(String table, List<byte[]> oldPositions, int subtask, int parallelism) {
        int oldParallelism = oldPositions.size();
        DataGenPosition[] old = new DataGenPosition[oldParallelism];
        long anchor = Long.MAX_VALUE;
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (int j = 0; j < oldParallelism; j++) {
            byte[] state = oldPositions.get(j);
            old[j] = state == null ? null : decode(table, state, j, oldParallelism);
            if (old[j] == null) {
                old[j] = new DataGenPosition(Long.MAX_VALUE, j, new long[0]);
            } else {
                anchor = Math.min(anchor, old[j].anchorMillis());
            }
            low = Math.min(low, old[j].cursor());
            high = Math.max(high, old[j].highestEmitted());
        }
        if (anchor == Long.MAX_VALUE) {
            return null; // no old subtask had a position: start as a fresh job would
        }
        // every row below `low` was emitted; the first owned row at or above it
        long row = low <= subtask ? subtask : low + Math.floorMod(subtask - low, parallelism);
        while (row <= high && old[(int) (row % oldParallelism)].emitted(row)) {
            row += parallelism;
        }
        long cursor = row;
        long[] extras = new long[16];
        int n = 0;
        for (row = cursor + parallelism; row <= high; row += parallelism) {
            if (old[(int) (row % oldParallelism)].emitted(row)) {
                if (n == extras.length) {
                    extras = Arrays.copyOf(extras, n * 2);
                }
                extras[n++] = row;
            }
        }
        // all subtasks share one anchor from now on (the earliest), so time-based values stay consistent
        return new DataGenPosition(anchor, cursor, Arrays.copyOf(extras, n)).encode(subtask, parallelism);
    }
}

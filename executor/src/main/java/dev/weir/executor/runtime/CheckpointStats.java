package dev.weir.executor.runtime;

/**
 * One completed checkpoint.
 *
 * @param durationMillis       end to end, from trigger to {@code _metadata} written
 * @param sizeBytes            its full size: every file it consists of, including shared files it references
 * @param incrementalSizeBytes the bytes it wrote: its own files and newly stored shared files (equal to
 *                             {@code sizeBytes} unless {@code state.backend.incremental} is on)
 * @param alignmentMillis      the longest time any subtask's input gate held channels blocked waiting for the
 *                             barrier on its other channels (0 at parallelism 1 and with AT_LEAST_ONCE)
 */
public record CheckpointStats(long checkpointId, long durationMillis, long sizeBytes, long incrementalSizeBytes,
        long alignmentMillis) {

    /** A full checkpoint without alignment. */
    public CheckpointStats(long checkpointId, long durationMillis, long sizeBytes) {
        this(checkpointId, durationMillis, sizeBytes, sizeBytes, 0);
    }

    /** Short text for status lines: {@code #7 (12 ms, 1.2 MB, incremental 40 KB, alignment 3 ms)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append('#').append(checkpointId).append(" (").append(durationMillis).append(" ms, ")
                .append(Bytes.human(sizeBytes));
        if (incrementalSizeBytes != sizeBytes) {
            sb.append(", incremental ").append(Bytes.human(incrementalSizeBytes));
        }
        if (alignmentMillis > 0) {
            sb.append(", alignment ").append(alignmentMillis).append(" ms");
        }
        return sb.append(')').toString();
    }
}

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
 * @param syncMillis           the synchronous part: the longest time any subtask's task thread was held at the
 *                             barrier (source positions, {@code prepareSnapshotPreBarrier}, the operators'
 *                             synchronous snapshot parts, the sinks' committables) before it went back to
 *                             processing rows; -1 when not measured
 * @param asyncMillis          the asynchronous part: the longest time any subtask's snapshot thread spent writing
 *                             its keyed-state files (at parallelism 1 also checksumming, storing and writing
 *                             {@code _metadata}) until it acknowledged; 0 when nothing was left to write off the
 *                             task thread (a savepoint at parallelism 1), -1 when not measured
 */
public record CheckpointStats(long checkpointId, long durationMillis, long sizeBytes, long incrementalSizeBytes,
        long alignmentMillis, long syncMillis, long asyncMillis) {

    /** A checkpoint whose synchronous and asynchronous parts were not measured. */
    public CheckpointStats(long checkpointId, long durationMillis, long sizeBytes, long incrementalSizeBytes,
            long alignmentMillis) {
        this(checkpointId, durationMillis, sizeBytes, incrementalSizeBytes, alignmentMillis, -1, -1);
    }

    /** A full checkpoint without alignment. */
    public CheckpointStats(long checkpointId, long durationMillis, long sizeBytes) {
        this(checkpointId, durationMillis, sizeBytes, sizeBytes, 0);
    }

    /**
     * Short text for status lines:
     * {@code #7 (120 ms, sync 8 ms, async 100 ms, 1.2 MB, incremental 40 KB, alignment 3 ms)}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append('#').append(checkpointId).append(" (").append(durationMillis).append(" ms, ");
        if (syncMillis >= 0) {
            sb.append("sync ").append(syncMillis).append(" ms, ");
        }
        if (asyncMillis >= 0) {
            sb.append("async ").append(asyncMillis).append(" ms, ");
        }
        sb.append(Bytes.human(sizeBytes));
        if (incrementalSizeBytes != sizeBytes) {
            sb.append(", incremental ").append(Bytes.human(incrementalSizeBytes));
        }
        if (alignmentMillis > 0) {
            sb.append(", alignment ").append(alignmentMillis).append(" ms");
        }
        return sb.append(')').toString();
    }
}

package dev.weir.executor.runtime;

/** One completed checkpoint: how long it took end to end and how many bytes it wrote. */
public record CheckpointStats(long checkpointId, long durationMillis, long sizeBytes) {
}

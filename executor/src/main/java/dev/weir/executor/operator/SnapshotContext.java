package dev.weir.executor.operator;

import java.nio.file.Path;

/**
 * Where an operator writes its part of checkpoint {@code checkpointId}.
 *
 * @param checkpointId the checkpoint being taken
 * @param directory    an empty directory owned by this operator within the checkpoint; every file
 *                     written here is checksummed into the checkpoint metadata
 */
public record SnapshotContext(long checkpointId, Path directory) {
}

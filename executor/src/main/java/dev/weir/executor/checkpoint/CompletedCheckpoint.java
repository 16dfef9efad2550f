package dev.weir.executor.checkpoint;

import java.nio.file.Path;
import java.util.Objects;

/** A verified checkpoint on disk: its directory and decoded metadata. */
public record CompletedCheckpoint(Path directory, CheckpointMetadata metadata) {
    public CompletedCheckpoint {
        Objects.requireNonNull(directory, "directory is null");
        Objects.requireNonNull(metadata, "metadata is null");
    }

    public long checkpointId() {
        return metadata.checkpointId();
    }
}

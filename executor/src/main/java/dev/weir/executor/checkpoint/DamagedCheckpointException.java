package dev.weir.executor.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file is missing, truncated or fails its checksum. */
final class DamagedCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final String reason;

    DamagedCheckpointException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    Path file() {
        return file;
    }

    /** What is wrong with the file, without its name. */
    String reason() {
        return reason;
    }
}

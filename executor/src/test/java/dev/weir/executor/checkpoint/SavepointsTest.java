package dev.weir.executor.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavepointsTest {
    @TempDir
    Path root;

    @Test
    void aSavepointDirectoryIsNeverReused() throws Exception {
        Path first = Savepoints.directory(root, "job", 1);
        assertThat(first.getFileName().toString()).isEqualTo("savepoint-job-1");
        Files.createDirectories(first);
        // a job started afresh counts its checkpoints from 1 again
        Path second = Savepoints.directory(root, "job", 1);
        assertThat(second.getFileName().toString()).isEqualTo("savepoint-job-1-2");
        assertThat(Savepoints.isSavepoint(second)).isTrue();
    }
}

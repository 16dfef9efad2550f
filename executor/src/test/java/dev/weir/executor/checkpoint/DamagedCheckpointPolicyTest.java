package dev.weir.executor.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code execution.state-recovery.on-damaged-checkpoint}: fall back with a warning, or refuse naming the file. */
class DamagedCheckpointPolicyTest {
    @TempDir
    Path tmp;

    private static void write(CheckpointStorage storage, long id, String content) throws IOException {
        Path dir = storage.createCheckpointDir(id);
        Files.createDirectories(dir.resolve("op-1"));
        Files.writeString(dir.resolve("op-1").resolve("data"), content);
        storage.complete(dir, "job", id, 1234L, new byte[] {1}, null, List.of("op-1"));
    }

    private CheckpointStorage storage(DamagedCheckpointPolicy policy) throws IOException {
        CheckpointStorage storage = new CheckpointStorage(tmp.resolve("job"), 3, policy);
        write(storage, 1, "one");
        write(storage, 2, "two");
        return storage;
    }

    @Test
    void fallbackResumesFromThePreviousCheckpoint() throws IOException {
        CheckpointStorage storage = storage(DamagedCheckpointPolicy.FALLBACK);
        Files.delete(tmp.resolve("job/chk-2/op-1/data"));

        assertThat(storage.findRestorePoint(null)).get().extracting(CompletedCheckpoint::checkpointId).isEqualTo(1L);
    }

    @Test
    void failRefusesNamingTheFileAndTheWayOut() throws IOException {
        CheckpointStorage storage = storage(DamagedCheckpointPolicy.FAIL);
        Path damaged = tmp.resolve("job/chk-2/op-1/data");
        Files.writeString(damaged, "twO"); // same size, other bytes

        assertThatThrownBy(() -> storage.findRestorePoint(null))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining(damaged.toString())
                .hasMessageContaining("CRC32C")
                .hasMessageContaining("execution.state-recovery.on-damaged-checkpoint=fallback")
                .hasMessageContaining(tmp.resolve("job/chk-1").toString());
        // an explicit job directory is held to the same policy
        assertThatThrownBy(() -> storage.findRestorePoint(tmp.resolve("job").toString()))
                .isInstanceOf(WeirException.class).hasMessageContaining(damaged.toString());
    }

    @Test
    void failIgnoresAnUnfinishedNewestCheckpoint() throws IOException {
        CheckpointStorage storage = storage(DamagedCheckpointPolicy.FAIL);
        storage.createCheckpointDir(3); // the job died while writing it: not damage

        assertThat(storage.findRestorePoint(null)).get().extracting(CompletedCheckpoint::checkpointId).isEqualTo(2L);
    }

    @Test
    void neverStartsEmptyWhenEveryCheckpointIsDamaged() throws IOException {
        for (DamagedCheckpointPolicy policy : DamagedCheckpointPolicy.values()) {
            CheckpointStorage storage = storage(policy);
            Files.write(tmp.resolve("job/chk-1/op-1/data"), new byte[0]);
            Files.write(tmp.resolve("job/chk-2/_metadata"), new byte[] {1, 2, 3});

            assertThatThrownBy(() -> storage.findRestorePoint(null)).as(policy.name())
                    .isInstanceOf(WeirException.class)
                    .hasMessageContaining(tmp.resolve("job/chk-2/_metadata").toString());
            storage.deleteAll();
        }
    }
}

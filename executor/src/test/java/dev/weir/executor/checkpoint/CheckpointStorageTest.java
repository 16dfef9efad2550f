package dev.weir.executor.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStorageTest {
    @TempDir
    Path tmp;

    private CompletedCheckpoint write(CheckpointStorage storage, long id, String content) throws IOException {
        Path dir = storage.createCheckpointDir(id);
        Files.createDirectories(dir.resolve("op-1").resolve("keyed"));
        Files.writeString(dir.resolve("op-1").resolve("keyed").resolve("data"), content);
        CheckpointMetadata meta = storage.complete(dir, "job", id, 1234L, new byte[] {1, 2}, null, List.of("op-1"));
        return new CompletedCheckpoint(dir, meta);
    }

    @Test
    void metadataRoundTripsAndListsEveryFileWithSizeAndChecksum() throws IOException {
        CheckpointStorage storage = new CheckpointStorage(tmp.resolve("job"), 3);
        write(storage, 1, "hello");

        CompletedCheckpoint read = CheckpointStorage.verify(tmp.resolve("job").resolve("chk-1"));

        assertThat(read.checkpointId()).isEqualTo(1);
        assertThat(read.metadata().jobName()).isEqualTo("job");
        assertThat(read.metadata().timestampMillis()).isEqualTo(1234L);
        assertThat(read.metadata().sourcePosition()).containsExactly(1, 2);
        assertThat(read.metadata().sinkCommittable()).isNull();
        assertThat(read.metadata().operatorIds()).containsExactly("op-1");
        assertThat(read.metadata().files()).singleElement()
                .satisfies(f -> assertThat(f.relativePath()).isEqualTo("op-1/keyed/data"))
                .satisfies(f -> assertThat(f.size()).isEqualTo(5));
        assertThat(tmp.resolve("job").resolve("chk-1").resolve("_metadata.tmp")).doesNotExist();
    }

    @Test
    void retentionKeepsNewestCompleteCheckpointsAndDropsIncompleteOnes() throws IOException {
        CheckpointStorage storage = new CheckpointStorage(tmp.resolve("job"), 2);
        for (long id = 1; id <= 3; id++) {
            write(storage, id, "v" + id);
        }
        storage.createCheckpointDir(4); // died while writing (or aborted): no _metadata
        write(storage, 5, "v5");

        storage.applyRetention();

        try (var list = Files.list(tmp.resolve("job"))) {
            assertThat(list.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("chk-3", "chk-5");
        }
        assertThat(storage.highestCheckpointId()).isEqualTo(5);
    }

    @Test
    void retentionKeepsCheckpointsStillInFlight() throws IOException {
        CheckpointStorage storage = new CheckpointStorage(tmp.resolve("job"), 1);
        write(storage, 1, "v1");
        storage.createCheckpointDir(2); // aborted, its writer still cleaning up
        storage.createCheckpointDir(3); // abandoned long ago
        write(storage, 4, "v4");
        storage.createCheckpointDir(5); // being written while 4 completed
        storage.createCheckpointDir(6); // and the one after it

        storage.applyRetention(java.util.Set.of(2L, 5L));

        try (var list = Files.list(tmp.resolve("job"))) {
            assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("chk-2", "chk-4", "chk-5", "chk-6");
        }
    }

    @Test
    void restoreSkipsDamagedAndIncompleteCheckpoints() throws IOException {
        CheckpointStorage storage = new CheckpointStorage(tmp.resolve("job"), 3);
        write(storage, 1, "one");
        write(storage, 2, "two");
        Files.writeString(tmp.resolve("job/chk-2/op-1/keyed/data"), "TWO");
        storage.createCheckpointDir(3);

        Optional<CompletedCheckpoint> restore = storage.findRestorePoint(null);

        assertThat(restore).get().extracting(CompletedCheckpoint::checkpointId).isEqualTo(1L);
    }

    @Test
    void truncatedMetadataCountsAsDamaged() throws IOException {
        CheckpointStorage storage = new CheckpointStorage(tmp.resolve("job"), 3);
        write(storage, 1, "one");
        Path meta = tmp.resolve("job/chk-1/_metadata");
        byte[] bytes = Files.readAllBytes(meta);
        Files.write(meta, java.util.Arrays.copyOf(bytes, bytes.length - 3));

        assertThatThrownBy(() -> storage.findRestorePoint(null))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining(meta.toString())
                .hasMessageContaining("Refusing to start with empty state");
    }

    @Test
    void explicitRecoveryPathTakesThatCheckpointOrTheLatestOfAJobDirectory() throws IOException {
        CheckpointStorage other = new CheckpointStorage(tmp.resolve("elsewhere"), 3);
        write(other, 7, "seven");
        write(other, 8, "eight");
        CheckpointStorage storage = new CheckpointStorage(tmp.resolve("job"), 3);

        assertThat(storage.findRestorePoint(tmp.resolve("elsewhere/chk-7").toString())).get()
                .extracting(CompletedCheckpoint::checkpointId).isEqualTo(7L);
        assertThat(storage.findRestorePoint(tmp.resolve("elsewhere").toString())).get()
                .extracting(CompletedCheckpoint::checkpointId).isEqualTo(8L);
        assertThatThrownBy(() -> storage.findRestorePoint(tmp.resolve("nothing-here").toString()))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("execution.state-recovery.path");
    }

    @Test
    void fileSafeNamesKeepOnlyPortableCharacters() {
        assertThat(CheckpointStorage.fileSafe("orders per user/v2")).isEqualTo("orders_per_user_v2");
        assertThat(CheckpointStorage.fileSafe("..")).isEqualTo("job");
    }
}

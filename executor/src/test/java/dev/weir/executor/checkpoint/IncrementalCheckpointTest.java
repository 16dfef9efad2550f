package dev.weir.executor.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.weir.core.WeirException;
import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.serde.Serializers;
import dev.weir.core.serde.TypeSerializer;
import dev.weir.executor.testing.TestBackends;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.StateBackendContext;
import dev.weir.state.StateBackendType;
import dev.weir.state.StateBackends;
import dev.weir.state.StateDescriptor;
import dev.weir.state.ValueState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental checkpoints on a real RocksDB backend: table files stored once in {@code shared/},
 * referenced afterwards, deleted when no retained checkpoint references them (also after a
 * restart), verified and linked back at restore.
 */
class IncrementalCheckpointTest {
    private static final String OP = "agg-1";
    private static final int MAX_PARALLELISM = 128;
    private static final int KEYS = 40_000;
    private static final StateDescriptor<Long, String> VALUE =
            new StateDescriptor<>("value", Serializers.LONG, Serializers.STRING);

    @TempDir
    Path tmp;
    private Path jobDir;

    @BeforeEach
    void realBackends() {
        assumeThat(TestBackends.realAvailable()).as("the state module's RocksDB backend").isTrue();
        jobDir = tmp.resolve("checkpoints").resolve("job");
    }

    @SuppressWarnings("unchecked")
    private StateBackendContext context(String workDir) {
        return new StateBackendContext(OP, (TypeSerializer<Object>) (TypeSerializer<?>) Serializers.LONG,
                MAX_PARALLELISM, KeyGroupRange.all(MAX_PARALLELISM), tmp.resolve(workDir));
    }

    private static String value(long key, int version) {
        // random-looking, so RocksDB cannot compress the state away
        Random r = new Random(key * 31 + version);
        StringBuilder sb = new StringBuilder(96);
        for (int i = 0; i < 96; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    private static void put(KeyedStateBackend backend, long fromKey, long toKey, int version) {
        ValueState<Long, String> state = backend.valueState(VALUE);
        for (long k = fromKey; k < toKey; k++) {
            backend.setCurrentKey(k);
            state.update(0L, value(k, version));
        }
    }

    /** Snapshots {@code backend} as operator {@link #OP} of checkpoint {@code id} and completes it. */
    private static CheckpointMetadata checkpoint(CheckpointStorage storage, KeyedStateBackend backend, long id)
            throws IOException {
        Path dir = storage.createCheckpointDir(id);
        backend.snapshot(id, dir.resolve(OP));
        CheckpointMetadata meta = storage.complete(dir, "job", id, 1000L + id, new byte[] {1}, null, List.of(OP));
        storage.applyRetention();
        return meta;
    }

    private static Set<String> referenced(Path jobDir) throws IOException {
        Set<String> refs = new HashSet<>();
        try (var dirs = Files.list(jobDir)) {
            for (Path dir : dirs.filter(p -> p.getFileName().toString().startsWith("chk-")).toList()) {
                for (CheckpointMetadata.SharedFileEntry e : CheckpointMetadata.decode(
                        Files.readAllBytes(dir.resolve(CheckpointStorage.METADATA_FILE))).sharedFiles()) {
                    refs.add(e.sharedPath());
                }
            }
        }
        return refs;
    }

    @Test
    void aSecondCheckpointOfSlowlyChangingStateWritesOnlyWhatChanged() throws Exception {
        CheckpointStorage storage = new CheckpointStorage(jobDir, 3, DamagedCheckpointPolicy.FALLBACK, true);
        try (KeyedStateBackend backend = StateBackends.create(StateBackendType.ROCKSDB, context("work"), null)) {
            put(backend, 0, KEYS, 1);
            CheckpointMetadata first = checkpoint(storage, backend, 1);
            put(backend, 0, KEYS / 100, 2); // 1% of the keys change
            CheckpointMetadata second = checkpoint(storage, backend, 2);

            assertThat(first.sharedFiles()).isNotEmpty();
            assertThat(first.incrementalSizeBytes()).isEqualTo(first.stateSizeBytes());
            assertThat(first.stateSizeBytes()).isGreaterThan(KEYS * 90L);
            assertThat(second.stateSizeBytes()).isGreaterThanOrEqualTo(first.stateSizeBytes());
            assertThat(second.incrementalSizeBytes()).isLessThan(second.stateSizeBytes() / 10);
            // the table files of the first checkpoint are referenced, not stored again
            assertThat(second.sharedFiles()).anySatisfy(e -> assertThat(e.storedBy()).isEqualTo(1));
            // the checkpoint directory holds no table file of its own: they are all in shared/
            assertThat(second.files()).noneSatisfy(f -> assertThat(f.relativePath()).endsWith(".sst"));
        }
    }

    @Test
    void retentionDeletesUnreferencedSharedFilesAlsoAfterARestartAndRestoreGivesTheSameState() throws Exception {
        CheckpointStorage storage = new CheckpointStorage(jobDir, 1, DamagedCheckpointPolicy.FALLBACK, true);
        List<String> firstFiles;
        try (KeyedStateBackend backend = StateBackends.create(StateBackendType.ROCKSDB, context("work1"), null)) {
            put(backend, 0, 5_000, 1);
            firstFiles = sharedPaths(checkpoint(storage, backend, 1));
        }
        assertThat(firstFiles).isNotEmpty();
        assertThat(storage.sharedFiles()).containsExactlyInAnyOrderElementsOf(firstFiles);
        // another database (a fresh start into the same job directory): none of its files is chk-1's
        List<String> secondFiles;
        try (KeyedStateBackend backend = StateBackends.create(StateBackendType.ROCKSDB, context("work2"), null)) {
            put(backend, 0, 5_000, 2);
            secondFiles = sharedPaths(checkpoint(storage, backend, 2));
        }
        assertThat(storage.sharedFiles()).as("chk-1 is gone and with it the files only it referenced")
                .containsExactlyInAnyOrderElementsOf(secondFiles).doesNotContainAnyElementsOf(firstFiles);

        // a restart: a new storage and a backend restored from chk-2 go on checkpointing
        CheckpointStorage restarted = new CheckpointStorage(jobDir, 1, DamagedCheckpointPolicy.FALLBACK, true);
        CompletedCheckpoint restore = restarted.findRestorePoint(null).orElseThrow();
        assertThat(restore.checkpointId()).isEqualTo(2);
        CheckpointMetadata third;
        try (KeyedStateBackend backend = StateBackends.create(StateBackendType.ROCKSDB, context("work3"),
                restore.directory().resolve(OP))) {
            assertValues(backend, 0, 5_000, 2);
            put(backend, 5_000, 5_100, 3);
            third = checkpoint(restarted, backend, 3);
        }
        // chk-2's files came back with the restore: chk-3 references them instead of storing them again
        assertThat(sharedPaths(third)).containsAll(secondFiles);
        assertThat(third.sharedFiles()).filteredOn(e -> secondFiles.contains(e.sharedPath()))
                .allSatisfy(e -> assertThat(e.storedBy()).isEqualTo(2));
        assertThat(third.incrementalSizeBytes()).isLessThan(third.stateSizeBytes() / 5);
        assertThat(jobDir.resolve("chk-2")).doesNotExist();
        assertThat(storage.sharedFiles()).containsExactlyInAnyOrderElementsOf(referenced(jobDir));

        // and a third run restores chk-3 (shared files linked back) with every value
        CheckpointStorage again = new CheckpointStorage(jobDir, 1, DamagedCheckpointPolicy.FALLBACK, true);
        again.applyRetention();
        assertThat(again.sharedFiles()).containsExactlyInAnyOrderElementsOf(sharedPaths(third));
        CompletedCheckpoint chk3 = again.findRestorePoint(null).orElseThrow();
        try (KeyedStateBackend backend = StateBackends.create(StateBackendType.ROCKSDB, context("work4"),
                chk3.directory().resolve(OP))) {
            assertValues(backend, 0, 5_000, 2);
            assertValues(backend, 5_000, 5_100, 3);
        }
    }

    @Test
    void aDamagedSharedFileOfTheNewestCheckpointIsDetectedAndNamed() throws Exception {
        CheckpointStorage storage = new CheckpointStorage(jobDir, 3, DamagedCheckpointPolicy.FALLBACK, true);
        CheckpointMetadata second;
        try (KeyedStateBackend backend = StateBackends.create(StateBackendType.ROCKSDB, context("work"), null)) {
            put(backend, 0, 2_000, 1);
            checkpoint(storage, backend, 1);
            put(backend, 2_000, 3_000, 1);
            second = checkpoint(storage, backend, 2);
        }
        // damage a file only chk-2 uses: fallback resumes from chk-1, fail names the file
        CheckpointMetadata.SharedFileEntry onlyInSecond = second.sharedFiles().stream()
                .filter(e -> e.storedBy() == 2).findFirst().orElseThrow();
        Path damaged = jobDir.resolve(onlyInSecond.sharedPath());
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(damaged, bytes);

        CheckpointStorage fallback = new CheckpointStorage(jobDir, 3, DamagedCheckpointPolicy.FALLBACK, true);
        assertThat(fallback.findRestorePoint(null)).get().extracting(CompletedCheckpoint::checkpointId).isEqualTo(1L);
        CheckpointStorage fail = new CheckpointStorage(jobDir, 3, DamagedCheckpointPolicy.FAIL, true);
        assertThatThrownBy(() -> fail.findRestorePoint(null))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining(damaged.toString())
                .hasMessageContaining("CRC32C checksum mismatch");

        // a shared file used by every checkpoint that is missing leaves nothing to resume from
        CheckpointMetadata.SharedFileEntry inBoth = second.sharedFiles().stream()
                .filter(e -> e.storedBy() == 1).findFirst().orElseThrow();
        Files.delete(jobDir.resolve(inBoth.sharedPath()));
        assertThatThrownBy(() -> new CheckpointStorage(jobDir, 3, DamagedCheckpointPolicy.FALLBACK, true)
                .findRestorePoint(null))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining(jobDir.resolve(inBoth.sharedPath()).toString());
    }

    @Test
    void savepointsAndFullCheckpointsKeepTheirOwnTableFiles() throws Exception {
        CheckpointStorage full = new CheckpointStorage(jobDir, 3, DamagedCheckpointPolicy.FALLBACK, false);
        Path savepoint = tmp.resolve("savepoints").resolve("savepoint-job-2");
        try (KeyedStateBackend backend = StateBackends.create(StateBackendType.ROCKSDB, context("work"), null)) {
            put(backend, 0, 1_000, 1);
            CheckpointMetadata meta = checkpoint(full, backend, 1);
            assertThat(meta.sharedFiles()).isEmpty();
            assertThat(meta.files()).anySatisfy(f -> assertThat(f.relativePath()).endsWith(".sst"));
            // RocksDB links its OPTIONS file into every native checkpoint: the checkpoint keeps its own copy,
            // so damage to one checkpoint's small files cannot damage the others'
            assertThat(meta.files()).filteredOn(f -> f.relativePath().contains("/OPTIONS-")).isNotEmpty()
                    .allSatisfy(f -> assertThat(Files.getAttribute(jobDir.resolve("chk-1").resolve(f.relativePath()),
                            "unix:nlink")).isEqualTo(1));

            CheckpointStorage incremental = new CheckpointStorage(jobDir, 3, DamagedCheckpointPolicy.FALLBACK, true);
            Path staging = Savepoints.createStaging(savepoint);
            backend.snapshot(2, staging.resolve(OP));
            Savepoints.copyFromStaging(staging, savepoint);
            CheckpointMetadata sp = incremental.complete(savepoint, "job", 2, 1L, new byte[] {1}, null, List.of(OP));
            assertThat(sp.sharedFiles()).isEmpty();
            assertThat(sp.files()).anySatisfy(f -> assertThat(f.relativePath()).endsWith(".sst"));
        }
        assertThat(jobDir.resolve(CheckpointStorage.SHARED_DIR)).doesNotExist();
    }

    private static List<String> sharedPaths(CheckpointMetadata meta) {
        List<String> paths = new ArrayList<>();
        for (CheckpointMetadata.SharedFileEntry e : meta.sharedFiles()) {
            paths.add(e.sharedPath());
        }
        return paths;
    }

    private static void assertValues(KeyedStateBackend backend, long fromKey, long toKey, int version) {
        ValueState<Long, String> state = backend.valueState(VALUE);
        for (long k = fromKey; k < toKey; k++) {
            backend.setCurrentKey(k);
            String v = state.value(0L);
            if (!value(k, version).equals(v)) {
                assertThat(v).as("value of key %d", k).isEqualTo(value(k, version));
            }
        }
    }
}

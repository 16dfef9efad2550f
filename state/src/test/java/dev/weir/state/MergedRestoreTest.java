package dev.weir.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.keys.KeyGroups;
import dev.weir.core.serde.Serializers;
import dev.weir.core.serde.TypeSerializer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rescaling: one subtask restores the key groups of its range from the snapshots of several old subtasks. */
class MergedRestoreTest {
    @TempDir
    Path tmp;

    /** Snapshots of {@code parallelism} subtasks, each holding the fixture's keys of its range, written by {@code type}. */
    private List<Path> snapshots(StateBackendType type, int parallelism, String name) throws Exception {
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            KeyGroupRange range = KeyGroups.rangeForSubtask(StateFixture.MAX_PARALLELISM, parallelism, i);
            Path dir = tmp.resolve(name + "-" + i);
            try (KeyedStateBackend backend = StateBackends.create(type,
                    StateFixture.context(tmp.resolve("w-" + name + "-" + i), range), null)) {
                StateFixture.populate(backend, range);
                backend.snapshot(5, dir);
            }
            dirs.add(dir);
        }
        return dirs;
    }

    @ParameterizedTest(name = "{0} at {2} -> {1} at {3}")
    @CsvSource({"HASHMAP, HASHMAP, 4, 2", "ROCKSDB, ROCKSDB, 4, 1", "HASHMAP, ROCKSDB, 3, 2", "ROCKSDB, HASHMAP, 2, 3",
            "ROCKSDB, ROCKSDB, 1, 4", "HASHMAP, HASHMAP, 2, 4"})
    void everyNewSubtaskGetsExactlyItsKeysAndTimers(StateBackendType from, StateBackendType to, int oldParallelism,
            int newParallelism) throws Exception {
        List<Path> old = snapshots(from, oldParallelism, "old");
        for (int i = 0; i < newParallelism; i++) {
            KeyGroupRange range = KeyGroups.rangeForSubtask(StateFixture.MAX_PARALLELISM, newParallelism, i);
            try (KeyedStateBackend restored = StateBackends.createMerged(to,
                    StateFixture.context(tmp.resolve("new-" + i), range), old)) {
                StateFixture.verify(restored, range);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"HASHMAP", "ROCKSDB"})
    void mergedSnapshotRestoresIntoEitherBackend(StateBackendType from) throws Exception {
        List<Path> old = snapshots(from, 4, "old");
        KeyGroupRange lower = KeyGroups.rangeForSubtask(StateFixture.MAX_PARALLELISM, 2, 0);
        Path merged = tmp.resolve("merged");
        StateBackends.mergeSnapshots(old, "op-1", StateFixture.MAX_PARALLELISM, lower, 5, merged,
                tmp.resolve("scratch"));
        for (StateBackendType to : StateBackendType.values()) {
            try (KeyedStateBackend restored = StateBackends.create(to,
                    StateFixture.context(tmp.resolve("w-" + to), lower), merged)) {
                StateFixture.verify(restored, lower);
            }
        }
        assertThat(tmp.resolve("scratch")).doesNotExist();
    }

    @Test
    void anotherMaxParallelismIsRefused() throws Exception {
        List<Path> old = snapshots(StateBackendType.HASHMAP, 2, "old");
        @SuppressWarnings("unchecked")
        StateBackendContext wider = new StateBackendContext("op-1",
                (TypeSerializer<Object>) (TypeSerializer<?>) Serializers.STRING, 256, KeyGroupRange.all(256),
                tmp.resolve("w"));
        assertThatThrownBy(() -> StateBackends.createMerged(StateBackendType.HASHMAP, wider, old))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("max parallelism 128")
                .hasMessageContaining("set pipeline.max-parallelism back to 128");
    }
}

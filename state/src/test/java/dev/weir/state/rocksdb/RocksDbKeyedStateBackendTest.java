package dev.weir.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.keys.KeyGroups;
import dev.weir.core.serde.Serializers;
import dev.weir.core.serde.TypeSerializer;
import dev.weir.state.StateBackendContext;
import dev.weir.state.StateDescriptor;
import dev.weir.state.ValueState;
import dev.weir.state.internal.ByteArrayDataOutput;
import dev.weir.state.internal.SnapshotKind;
import dev.weir.state.internal.SnapshotMeta;
import dev.weir.state.internal.StateBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RocksDB specifics: the on-disk key layout, the snapshot shape, and releasing native resources. */
class RocksDbKeyedStateBackendTest {
    private static final int MAX_PARALLELISM = 128;
    private static final StateDescriptor<Long, String> VALUE = new StateDescriptor<>("value", Serializers.LONG,
            Serializers.STRING);

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    private StateBackendContext context(Path workingDir) {
        return new StateBackendContext("op", (TypeSerializer<Object>) (TypeSerializer<?>) Serializers.STRING,
                MAX_PARALLELISM, KeyGroupRange.all(MAX_PARALLELISM), workingDir);
    }

    @Test
    void keysStartWithTheKeyGroupThenKeyThenNamespace() throws Exception {
        try (RocksDbKeyedStateBackend backend = RocksDbKeyedStateBackend.create(context(tmp.resolve("work")))) {
            ValueState<Long, String> state = backend.valueState(VALUE);
            for (String key : List.of("alpha", "beta", "gamma")) {
                backend.setCurrentKey(key);
                state.update(7L, key.toUpperCase(java.util.Locale.ROOT));
            }
            backend.snapshot(1, tmp.resolve("snap"));
        }
        SnapshotMeta meta = SnapshotMeta.read(tmp.resolve("snap"));
        assertThat(meta.kind()).isEqualTo(SnapshotKind.ROCKSDB);
        assertThat(Files.isDirectory(tmp.resolve("snap").resolve(RocksDbKeyedStateBackend.DB_DIR))).isTrue();

        List<byte[]> keys = new ArrayList<>();
        new RocksDbCheckpointSource(tmp.resolve("snap"), meta, tmp.resolve("scratch"))
                .forEachEntry((name, key, value) -> keys.add(key));
        assertThat(keys).hasSize(3);
        assertThat(Files.exists(tmp.resolve("scratch"))).isFalse();
        List<Integer> groups = new ArrayList<>();
        for (String key : List.of("alpha", "beta", "gamma")) {
            ByteArrayDataOutput expected = new ByteArrayDataOutput(32);
            int group = KeyGroups.assignToKeyGroup(key, MAX_PARALLELISM);
            StateBytes.writeKeyGroup(group, expected);
            Serializers.STRING.serialize(key, expected);
            Serializers.LONG.serialize(7L, expected);
            assertThat(keys).anySatisfy(k -> assertThat(k).isEqualTo(expected.toByteArray()));
            groups.add(group);
        }
        // iteration order is byte order, so entries come sorted by key group
        List<Integer> seen = new ArrayList<>();
        for (byte[] key : keys) {
            seen.add(StateBytes.keyGroupOf(key));
        }
        assertThat(seen).isSorted().containsExactlyInAnyOrderElementsOf(groups);
    }

    @Test
    void closeReleasesNativeHandlesAndDeletesTheWorkingDirectory() throws Exception {
        Path work = tmp.resolve("work");
        RocksDbKeyedStateBackend backend = RocksDbKeyedStateBackend.create(context(work));
        backend.valueState(VALUE);
        backend.setCurrentKey("k");
        backend.valueState(VALUE).update(1L, "v");
        assertThat(Files.isDirectory(work.resolve("db"))).isTrue();
        assertThat(backend.nativeHandlesOpen()).isTrue();
        backend.close();
        assertThat(backend.nativeHandlesOpen()).isFalse();
        assertThat(Files.exists(work)).isFalse();
        backend.close();
    }

    @Test
    void restoredCheckpointDoesNotChangeTheSnapshotFiles() throws Exception {
        try (RocksDbKeyedStateBackend backend = RocksDbKeyedStateBackend.create(context(tmp.resolve("w1")))) {
            backend.setCurrentKey("k");
            backend.valueState(VALUE).update(1L, "v");
            backend.snapshot(1, tmp.resolve("snap"));
        }
        Path db = tmp.resolve("snap").resolve(RocksDbKeyedStateBackend.DB_DIR);
        List<String> before = listing(db);
        SnapshotMeta meta = SnapshotMeta.read(tmp.resolve("snap"));
        try (RocksDbKeyedStateBackend restored = RocksDbKeyedStateBackend.restoreCheckpoint(context(tmp.resolve("w2")),
                meta, tmp.resolve("snap"))) {
            restored.setCurrentKey("k");
            ValueState<Long, String> state = restored.valueState(VALUE);
            assertThat(state.value(1L)).isEqualTo("v");
            for (int i = 0; i < 1000; i++) {
                restored.setCurrentKey("k" + i);
                state.update(1L, "value " + i);
            }
            restored.snapshot(2, tmp.resolve("snap-2"));
        }
        assertThat(listing(db)).isEqualTo(before);
    }

    private static List<String> listing(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            files.forEach(f -> names.add(f.getFileName() + ":" + f.toFile().length()));
            String[] sorted = names.toArray(new String[0]);
            Arrays.sort(sorted);
            return List.of(sorted);
        }
    }
}

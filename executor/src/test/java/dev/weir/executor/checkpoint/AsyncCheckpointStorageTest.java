package dev.weir.executor.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.serde.Serializers;
import dev.weir.core.serde.TypeSerializer;
import dev.weir.executor.testing.TestBackends;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.PendingSnapshot;
import dev.weir.state.StateBackendContext;
import dev.weir.state.StateBackendType;
import dev.weir.state.StateBackends;
import dev.weir.state.StateDescriptor;
import dev.weir.state.ValueState;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Asynchronous snapshots through the checkpoint storage, with two checkpoints in flight: the state
 * changes after each synchronous part, the asynchronous parts and {@code _metadata} are written
 * later on another thread, and each checkpoint restores the state of its own barrier (both backends,
 * incremental checkpoints on and off). Retention leaves the checkpoint still being written alone.
 */
class AsyncCheckpointStorageTest {
    private static final String OP = "agg-1";
    private static final int KEYS = 20_000;
    private static final StateDescriptor<Long, String> VALUE =
            new StateDescriptor<>("value", Serializers.LONG, Serializers.STRING);

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(StateBackendType.HASHMAP, false), Arguments.of(StateBackendType.ROCKSDB, false),
                Arguments.of(StateBackendType.ROCKSDB, true));
    }

    @SuppressWarnings("unchecked")
    private StateBackendContext context(String workDir) {
        return new StateBackendContext(OP, (TypeSerializer<Object>) (TypeSerializer<?>) Serializers.LONG, 128,
                KeyGroupRange.all(128), tmp.resolve(workDir));
    }

    private static void put(KeyedStateBackend backend, long from, long to, String version) {
        ValueState<Long, String> state = backend.valueState(VALUE);
        for (long k = from; k < to; k++) {
            backend.setCurrentKey(k);
            state.update(0L, version + "-" + k);
        }
    }

    private static void assertValues(KeyedStateBackend backend, long from, long to, String version) {
        ValueState<Long, String> state = backend.valueState(VALUE);
        for (long k = from; k < to; k++) {
            backend.setCurrentKey(k);
            String v = state.value(0L);
            if (!(version + "-" + k).equals(v)) {
                assertThat(v).as("key %d", k).isEqualTo(version + "-" + k);
            }
        }
    }

    private static CheckpointMetadata completeOffThread(CheckpointStorage storage, Path dir, long id,
            PendingSnapshot pending) throws Exception {
        CheckpointMetadata[] meta = new CheckpointMetadata[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                pending.complete();
                meta[0] = storage.complete(dir, "job", id, 1000L + id, new byte[] {(byte) id}, null, List.of(OP));
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "test-snapshot");
        t.start();
        t.join();
        assertThat(failure[0]).isNull();
        return meta[0];
    }

    @ParameterizedTest(name = "{0}, incremental {1}")
    @MethodSource("cases")
    void eachCheckpointInFlightRestoresTheStateOfItsBarrier(StateBackendType type, boolean incremental)
            throws Exception {
        assumeThat(TestBackends.realAvailable()).as("the state module's backends").isTrue();
        Path jobDir = tmp.resolve("checkpoints").resolve("job");
        CheckpointStorage storage = new CheckpointStorage(jobDir, 3, DamagedCheckpointPolicy.FALLBACK, incremental);
        Path chk1;
        Path chk2;
        try (KeyedStateBackend backend = StateBackends.create(type, context("work"), null)) {
            put(backend, 0, KEYS, "v1");
            chk1 = storage.createCheckpointDir(1);
            PendingSnapshot first = backend.snapshotAsync(1, chk1.resolve(OP));
            put(backend, 0, KEYS, "v2");
            chk2 = storage.createCheckpointDir(2);
            PendingSnapshot second = backend.snapshotAsync(2, chk2.resolve(OP));
            put(backend, 0, KEYS / 2, "v3");

            completeOffThread(storage, chk1, 1, first);
            storage.applyRetention(Set.of(2L));
            assertThat(chk2).as("still being written").isDirectory();
            CheckpointMetadata meta2 = completeOffThread(storage, chk2, 2, second);
            storage.applyRetention();
            if (incremental) {
                assertThat(meta2.sharedFiles()).isNotEmpty();
            }
            assertValues(backend, 0, KEYS / 2, "v3");
        }

        CheckpointStorage restarted = new CheckpointStorage(jobDir, 3, DamagedCheckpointPolicy.FALLBACK, incremental);
        CompletedCheckpoint latest = restarted.findRestorePoint(null).orElseThrow();
        assertThat(latest.checkpointId()).isEqualTo(2);
        try (KeyedStateBackend backend = StateBackends.create(type, context("restore-2"),
                latest.directory().resolve(OP))) {
            assertValues(backend, 0, KEYS, "v2");
        }
        CompletedCheckpoint older = restarted.findRestorePoint(chk1.toString()).orElseThrow();
        assertThat(older.checkpointId()).isEqualTo(1);
        try (KeyedStateBackend backend = StateBackends.create(type, context("restore-1"),
                older.directory().resolve(OP))) {
            assertValues(backend, 0, KEYS, "v1");
        }
    }
}

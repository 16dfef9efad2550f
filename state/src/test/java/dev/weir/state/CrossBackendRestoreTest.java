package dev.weir.state;

import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.keys.KeyGroups;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Snapshots are portable between backends (savepoints), including into a narrower key-group range. */
class CrossBackendRestoreTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"HASHMAP, ROCKSDB", "ROCKSDB, HASHMAP", "HASHMAP, HASHMAP", "ROCKSDB, ROCKSDB"})
    void restoresIntoTheOtherBackend(StateBackendType from, StateBackendType to) throws Exception {
        KeyGroupRange all = KeyGroupRange.all(StateFixture.MAX_PARALLELISM);
        try (KeyedStateBackend source = StateBackends.create(from, StateFixture.context(tmp.resolve("w1"), all), null)) {
            StateFixture.populate(source, all);
            source.snapshot(7, tmp.resolve("snap"));
        }
        try (KeyedStateBackend restored = StateBackends.create(to, StateFixture.context(tmp.resolve("w2"), all),
                tmp.resolve("snap"))) {
            // a second hop through the target backend keeps everything as well
            restored.snapshot(8, tmp.resolve("snap-2"));
            StateFixture.verify(restored, all);
        }
        KeyGroupRange upper = KeyGroups.rangeForSubtask(StateFixture.MAX_PARALLELISM, 2, 1);
        try (KeyedStateBackend back = StateBackends.create(from, StateFixture.context(tmp.resolve("w3"), upper),
                tmp.resolve("snap-2"))) {
            StateFixture.verify(back, upper);
        }
    }
}

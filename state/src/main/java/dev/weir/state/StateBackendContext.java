package dev.weir.state;

import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.serde.TypeSerializer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a backend needs to be built for one operator subtask.
 *
 * @param operatorId     stable id of the operator, used in file names
 * @param keySerializer  serializes the keys passed to {@link KeyedStateBackend#setCurrentKey}
 * @param maxParallelism number of key groups
 * @param keyGroupRange  the key groups this subtask owns
 * @param workingDir     local scratch directory the backend owns (RocksDB files live here)
 */
public record StateBackendContext(String operatorId, TypeSerializer<Object> keySerializer, int maxParallelism,
        KeyGroupRange keyGroupRange, Path workingDir) {
    public StateBackendContext {
        Objects.requireNonNull(operatorId, "operatorId is null");
        Objects.requireNonNull(keySerializer, "keySerializer is null");
        Objects.requireNonNull(keyGroupRange, "keyGroupRange is null");
        Objects.requireNonNull(workingDir, "workingDir is null");
    }
}

package dev.weir.state;

import dev.weir.core.WeirException;
import dev.weir.state.heap.HeapKeyedStateBackend;
import dev.weir.state.internal.KeyedStateFile;
import dev.weir.state.internal.KeyedStateSource;
import dev.weir.state.internal.SnapshotKind;
import dev.weir.state.internal.SnapshotMeta;
import dev.weir.state.rocksdb.RocksDbCheckpointSource;
import dev.weir.state.rocksdb.RocksDbKeyedStateBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Creates keyed state backends, empty or restored from a snapshot directory.
 *
 * <p>Snapshots are portable: a {@code hashmap} snapshot restores into {@code rocksdb} and vice
 * versa. The snapshot's {@code state.meta} says which backend wrote it; a RocksDB snapshot
 * restores natively into RocksDB (linking its table files), every other combination goes through
 * the canonical entry form shared by both backends. Only entries of the context's key-group range
 * are restored, so a snapshot of a wider range can seed a subtask after rescaling.
 */
public final class StateBackends {
    private StateBackends() {
    }

    /**
     * @param restoreFrom a directory written by {@link KeyedStateBackend#snapshot} of the same
     *                    operator (by either backend type), or null to start empty
     */
    public static KeyedStateBackend create(StateBackendType type, StateBackendContext context, Path restoreFrom)
            throws IOException {
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(context, "context is null");
        if (context.maxParallelism() <= 0) {
            throw new WeirException("Max parallelism of operator '" + context.operatorId() + "' is "
                    + context.maxParallelism() + "; set pipeline.max-parallelism to a positive number.");
        }
        if (restoreFrom == null) {
            return switch (type) {
                case HASHMAP -> HeapKeyedStateBackend.create(context);
                case ROCKSDB -> RocksDbKeyedStateBackend.create(context);
            };
        }
        SnapshotMeta meta = SnapshotMeta.read(restoreFrom);
        if (meta.maxParallelism() != context.maxParallelism()) {
            throw new WeirException("Cannot restore operator '" + context.operatorId() + "' from " + restoreFrom
                    + ": the snapshot was taken with max parallelism " + meta.maxParallelism() + " but the job now has "
                    + context.maxParallelism() + "; set pipeline.max-parallelism back to " + meta.maxParallelism()
                    + " (it cannot change across savepoints).");
        }
        if (type == StateBackendType.ROCKSDB && meta.kind() == SnapshotKind.ROCKSDB) {
            return RocksDbKeyedStateBackend.restoreCheckpoint(context, meta, restoreFrom);
        }
        KeyedStateSource source = meta.kind() == SnapshotKind.HEAP
                ? KeyedStateFile.source(restoreFrom)
                : new RocksDbCheckpointSource(restoreFrom, meta, context.workingDir().resolve("restore-scratch"));
        return switch (type) {
            case HASHMAP -> HeapKeyedStateBackend.restore(context, meta, source, restoreFrom);
            case ROCKSDB -> RocksDbKeyedStateBackend.restoreEntries(context, meta, source, restoreFrom);
        };
    }
}

package dev.weir.state;

import dev.weir.core.WeirException;
import dev.weir.state.heap.HeapKeyedStateBackend;
import dev.weir.state.internal.KeyedStateFile;
import dev.weir.state.internal.KeyedStateSource;
import dev.weir.state.internal.SnapshotKind;
import dev.weir.state.internal.SnapshotMeta;
import dev.weir.state.rocksdb.RocksDbCheckpointSource;
import dev.weir.state.rocksdb.RocksDbKeyedStateBackend;
import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.serde.TypeSerializer;
import dev.weir.state.internal.Dirs;
import dev.weir.state.internal.StateBytes;
import dev.weir.state.internal.StateMeta;
import dev.weir.state.internal.TimerServices;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        checkMaxParallelism(meta, context, restoreFrom);
        if (type == StateBackendType.ROCKSDB && meta.kind() == SnapshotKind.ROCKSDB) {
            return RocksDbKeyedStateBackend.restoreCheckpoint(context, meta, restoreFrom);
        }
        KeyedStateSource source = sourceOf(meta, restoreFrom, context.workingDir().resolve("restore-scratch"));
        return switch (type) {
            case HASHMAP -> HeapKeyedStateBackend.restore(context, meta, source, restoreFrom);
            case ROCKSDB -> RocksDbKeyedStateBackend.restoreEntries(context, meta, source, restoreFrom);
        };
    }

    /**
     * A backend restored from the snapshots of several subtasks of the same operator, as after
     * rescaling: of every snapshot whose key-group range overlaps the context's, the entries and
     * timers of the context's key groups, merged. Snapshots of either backend type may be mixed.
     * With one overlapping snapshot this is {@link #create(StateBackendType, StateBackendContext, Path)}.
     *
     * @param restoreFrom directories written by {@link KeyedStateBackend#snapshot} of the same operator
     *                    (empty to start empty); all must share the context's max parallelism
     */
    public static KeyedStateBackend createMerged(StateBackendType type, StateBackendContext context,
            List<Path> restoreFrom)
            throws IOException {
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(context, "context is null");
        Objects.requireNonNull(restoreFrom, "restoreFrom is null");
        List<Path> dirs = new ArrayList<>();
        List<SnapshotMeta> metas = new ArrayList<>();
        overlapping(restoreFrom, context, dirs, metas);
        if (dirs.size() <= 1) {
            return create(type, context, dirs.isEmpty() ? null : dirs.get(0));
        }
        SnapshotMeta merged = mergedMeta(metas, context);
        Path scratch = context.workingDir().resolve("restore-scratch");
        KeyedStateSource source = visitor -> {
            for (int i = 0; i < dirs.size(); i++) {
                sourceOf(metas.get(i), dirs.get(i), scratch).forEachEntry(visitor);
            }
        };
        return switch (type) {
            case HASHMAP -> HeapKeyedStateBackend.restore(context, merged, source, dirs);
            case ROCKSDB -> RocksDbKeyedStateBackend.restoreEntries(context, merged, source, dirs);
        };
    }

    /**
     * Writes into {@code target} (which must not exist or be empty) one snapshot in the canonical
     * heap format holding the state and timers of key groups {@code range} from all of
     * {@code sources}: the input of a rescaled subtask, restorable by either backend.
     *
     * @param scratch a directory this call may use and deletes (RocksDB snapshots are read there)
     */
    public static void mergeSnapshots(List<Path> sources, String operatorId, int maxParallelism,
            KeyGroupRange range, long checkpointId, Path target, Path scratch) throws IOException {
        StateBackendContext context = new StateBackendContext(operatorId, UNUSED_KEYS, maxParallelism, range, scratch);
        List<Path> dirs = new ArrayList<>();
        List<SnapshotMeta> metas = new ArrayList<>();
        overlapping(sources, context, dirs, metas);
        Dirs.createEmpty(target);
        // streamed entry by entry, never held in memory: a state section per state and source, which
        // restore reads like one section (entries of a state name add up)
        try (KeyedStateFile.Writer writer = new KeyedStateFile.Writer(target)) {
            String[] section = {null};
            for (int i = 0; i < dirs.size(); i++) {
                section[0] = null;
                sourceOf(metas.get(i), dirs.get(i), scratch.resolve("restore-scratch")).forEachEntry(
                        (name, key, value) -> {
                            if (!range.contains(StateBytes.keyGroupOf(key))) {
                                return;
                            }
                            if (!name.equals(section[0])) {
                                writer.beginState(name);
                                section[0] = name;
                            }
                            writer.entry(key, key.length, value, value.length);
                        });
            }
        } finally {
            Dirs.deleteRecursively(scratch);
        }
        TimerServices.merge(dirs, range, operatorId, target);
        // the metadata goes last, as in every snapshot
        List<StateMeta> states = metas.isEmpty() ? List.of() : mergedMeta(metas, context).states();
        new SnapshotMeta(SnapshotKind.HEAP, maxParallelism, range, checkpointId, states).write(target);
    }

    /** Whether {@code dir} holds a keyed-state snapshot (written by {@link KeyedStateBackend#snapshot}). */
    public static boolean isSnapshot(Path dir) {
        return java.nio.file.Files.isRegularFile(dir.resolve(SnapshotMeta.FILE_NAME));
    }

    /**
     * Reads the metadata of every snapshot in {@code restoreFrom}, checks its max parallelism, and
     * adds those overlapping the context's key groups to {@code dirs} and {@code metas}, in key-group order.
     */
    private static void overlapping(List<Path> restoreFrom, StateBackendContext context, List<Path> dirs,
            List<SnapshotMeta> metas) throws IOException {
        for (Path dir : restoreFrom) {
            SnapshotMeta meta = SnapshotMeta.read(dir);
            checkMaxParallelism(meta, context, dir);
            if (overlaps(meta.keyGroupRange(), context.keyGroupRange())) {
                int at = 0;
                while (at < metas.size() && metas.get(at).keyGroupRange().start() <= meta.keyGroupRange().start()) {
                    at++;
                }
                // in key-group order, so the merged entries stay in key-group order state by state
                metas.add(at, meta);
                dirs.add(at, dir);
            }
        }
    }

    /** The key serializer of a merge, which never deserializes keys. */
    private static final TypeSerializer<Object> UNUSED_KEYS = new TypeSerializer<>() {
        @Override
        public void serialize(Object value, DataOutput out) {
            throw new UnsupportedOperationException("merging snapshots does not serialize keys");
        }

        @Override
        public Object deserialize(DataInput in) {
            throw new UnsupportedOperationException("merging snapshots does not deserialize keys");
        }
    };

    private static boolean overlaps(KeyGroupRange a, KeyGroupRange b) {
        return a.size() > 0 && b.size() > 0 && a.start() <= b.end() && b.start() <= a.end();
    }

    private static KeyedStateSource sourceOf(SnapshotMeta meta, Path dir, Path scratch) {
        return meta.kind() == SnapshotKind.HEAP ? KeyedStateFile.source(dir)
                : new RocksDbCheckpointSource(dir, meta, scratch);
    }

    /** The union of the snapshots' states (a state one subtask never touched is missing from its snapshot). */
    private static SnapshotMeta mergedMeta(List<SnapshotMeta> metas, StateBackendContext context) {
        Map<String, StateMeta> states = new LinkedHashMap<>();
        long checkpointId = Long.MIN_VALUE;
        for (SnapshotMeta meta : metas) {
            checkpointId = Math.max(checkpointId, meta.checkpointId());
            for (StateMeta state : meta.states()) {
                StateMeta earlier = states.putIfAbsent(state.name(), state);
                if (earlier != null && !earlier.equals(state)) {
                    throw new WeirException("Cannot merge the snapshots of operator '" + context.operatorId()
                            + "': its subtasks wrote state '" + state.name() + "' with different kinds or serializer"
                            + " versions (" + earlier + " and " + state + "). Resume at the parallelism the checkpoint"
                            + " was taken at.");
                }
            }
        }
        return new SnapshotMeta(SnapshotKind.HEAP, context.maxParallelism(), context.keyGroupRange(), checkpointId,
                new ArrayList<>(states.values()));
    }

    private static void checkMaxParallelism(SnapshotMeta meta, StateBackendContext context, Path dir) {
        if (meta.maxParallelism() != context.maxParallelism()) {
            throw new WeirException("Cannot restore operator '" + context.operatorId() + "' from " + dir
                    + ": the snapshot was taken with max parallelism " + meta.maxParallelism() + " but the job now has "
                    + context.maxParallelism() + "; set pipeline.max-parallelism back to " + meta.maxParallelism()
                    + " (it cannot change across savepoints, and rescaling keeps it).");
        }
    }
}

package dev.weir.state.heap;

import dev.weir.core.WeirException;
import dev.weir.core.serde.TypeSerializer;
import dev.weir.state.AggregateFunction;
import dev.weir.state.AggregatingState;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.ListState;
import dev.weir.state.PendingSnapshot;
import dev.weir.state.MapState;
import dev.weir.state.ReduceFunction;
import dev.weir.state.ReducingState;
import dev.weir.state.StateBackendContext;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import dev.weir.state.ValueState;
import dev.weir.state.internal.ByteArrayDataInput;
import dev.weir.state.internal.ByteArrayDataOutput;
import dev.weir.state.internal.ChunkedBytes;
import dev.weir.state.internal.Dirs;
import dev.weir.state.internal.KeyedStateFile;
import dev.weir.state.internal.KeyedStateSource;
import dev.weir.state.internal.SnapshotKind;
import dev.weir.state.internal.SnapshotMeta;
import dev.weir.state.internal.StateBytes;
import dev.weir.state.internal.StateKind;
import dev.weir.state.internal.StateMeta;
import dev.weir.state.internal.TimerServices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code hashmap} backend: state as Java objects in per-key-group hash maps, timers in a heap
 * priority queue. Values are stored by reference, not copied: callers must not mutate a value
 * after handing it to, or reading it from, state.
 *
 * <p>A snapshot serializes everything into the canonical files ({@value
 * KeyedStateFile#FILE_NAME}, {@value TimerServices#FILE_NAME}, {@value SnapshotMeta#FILE_NAME}),
 * which the RocksDB backend restores from as well. {@link #snapshotAsync} serializes into memory
 * on the task thread and leaves the file writes to the asynchronous part. Restored states stay as bytes until the
 * operator registers them (only then are the namespace and value serializers known).
 */
public final class HeapKeyedStateBackend implements KeyedStateBackend {
    /** Rough heap cost of one entry (hash-map node, key object, boxed value); only for metrics. */
    private static final long BYTES_PER_ENTRY = 96;

    private final StateBackendContext context;
    private final HeapKeyContext keys;
    private final TimerServices timers;
    private final Map<String, StateTable> tables = new LinkedHashMap<>();
    private final Map<String, StateMeta> restoredMetas = new HashMap<>();
    private final Map<String, RawEntries> pending = new LinkedHashMap<>();
    private boolean closed;

    private HeapKeyedStateBackend(StateBackendContext context) {
        this.context = Objects.requireNonNull(context, "context is null");
        this.keys = new HeapKeyContext(context.maxParallelism(), context.keyGroupRange());
        this.timers = new TimerServices(this, context.keySerializer(), context.maxParallelism(),
                context.keyGroupRange(), context.operatorId());
    }

    /** An empty backend. */
    public static HeapKeyedStateBackend create(StateBackendContext context) {
        return new HeapKeyedStateBackend(context);
    }

    /**
     * A backend holding the entries of {@code source} that fall into this backend's key groups,
     * plus the timers in {@code snapshotDir}.
     */
    public static HeapKeyedStateBackend restore(StateBackendContext context, SnapshotMeta meta,
            KeyedStateSource source, Path snapshotDir) throws IOException {
        return restore(context, meta, source, List.of(snapshotDir));
    }

    /**
     * A backend holding the entries of {@code source} that fall into this backend's key groups,
     * plus the timers of every directory in {@code snapshotDirs} (several when rescaling merges
     * the snapshots of several old subtasks; {@code source} then visits all of them).
     */
    public static HeapKeyedStateBackend restore(StateBackendContext context, SnapshotMeta meta,
            KeyedStateSource source, List<Path> snapshotDirs) throws IOException {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(context);
        for (StateMeta state : meta.states()) {
            backend.restoredMetas.put(state.name(), state);
            backend.pending.put(state.name(), new RawEntries());
        }
        source.forEachEntry((name, key, value) -> {
            if (context.keyGroupRange().contains(StateBytes.keyGroupOf(key))) {
                backend.pending.computeIfAbsent(name, n -> new RawEntries()).add(key, value);
            }
        });
        for (Path dir : snapshotDirs) {
            backend.timers.restore(dir);
        }
        return backend;
    }

    /** Restored entries of a state not registered yet, in canonical form. */
    private static final class RawEntries {
        final List<byte[]> keys = new ArrayList<>();
        final List<byte[]> values = new ArrayList<>();

        void add(byte[] key, byte[] value) {
            keys.add(key);
            values.add(value);
        }
    }

    @Override
    public void setCurrentKey(Object key) {
        keys.setCurrentKey(key);
    }

    @Override
    public Object currentKey() {
        return keys.key();
    }

    private StateTable table(String name, StateKind kind, TypeSerializer<?> namespaceSerializer,
            TypeSerializer<?> valueSerializer, TypeSerializer<?> mapKeySerializer) {
        checkOpen();
        StateMeta requested = StateMeta.of(name, kind, namespaceSerializer, valueSerializer, mapKeySerializer);
        StateTable table = tables.get(name);
        if (table != null) {
            table.meta.checkCompatible(requested, context.operatorId());
            return table;
        }
        StateMeta restored = restoredMetas.get(name);
        if (restored != null) {
            restored.checkCompatible(requested, context.operatorId());
        }
        table = new StateTable(requested, namespaceSerializer, valueSerializer, mapKeySerializer, keys);
        RawEntries raw = pending.remove(name);
        if (raw != null) {
            ByteArrayDataInput in = new ByteArrayDataInput();
            try {
                for (int i = 0; i < raw.keys.size(); i++) {
                    table.importEntry(raw.keys.get(i), raw.values.get(i), context.keySerializer(),
                            context.maxParallelism(), in);
                }
            } catch (IOException e) {
                throw new WeirException("Cannot read restored state '" + name + "' of operator '"
                        + context.operatorId() + "': " + e.getMessage()
                        + "; the snapshot is damaged or was written with other key, namespace or value types.", e);
            }
        }
        tables.put(name, table);
        return table;
    }

    @Override
    public <N, V> ValueState<N, V> valueState(StateDescriptor<N, V> d) {
        return new HeapValueState<>(table(d.name(), StateKind.VALUE, d.namespaceSerializer(), d.valueSerializer(), null));
    }

    @Override
    public <N, V> ListState<N, V> listState(StateDescriptor<N, V> d) {
        return new HeapListState<>(table(d.name(), StateKind.LIST, d.namespaceSerializer(), d.valueSerializer(), null));
    }

    @Override
    public <N, K, V> MapState<N, K, V> mapState(StateDescriptor<N, V> d, TypeSerializer<K> mapKeySerializer) {
        Objects.requireNonNull(mapKeySerializer, "mapKeySerializer is null");
        return new HeapMapState<>(table(d.name(), StateKind.MAP, d.namespaceSerializer(), d.valueSerializer(),
                mapKeySerializer));
    }

    @Override
    public <N, V> ReducingState<N, V> reducingState(StateDescriptor<N, V> d, ReduceFunction<V> reducer) {
        return new HeapReducingState<>(table(d.name(), StateKind.REDUCING, d.namespaceSerializer(),
                d.valueSerializer(), null), reducer);
    }

    @Override
    public <N, IN, ACC, OUT> AggregatingState<N, IN, OUT> aggregatingState(StateDescriptor<N, ACC> d,
            AggregateFunction<IN, ACC, OUT> function) {
        return new HeapAggregatingState<>(table(d.name(), StateKind.AGGREGATING, d.namespaceSerializer(),
                d.valueSerializer(), null), function);
    }

    @Override
    public <N> TimerService<N> timerService(String name, TypeSerializer<N> namespaceSerializer) {
        checkOpen();
        return timers.get(name, namespaceSerializer);
    }

    @Override
    public void snapshot(long checkpointId, Path targetDir) throws IOException {
        checkOpen();
        Dirs.createEmpty(targetDir);
        List<StateMeta> metas = new ArrayList<>();
        try (KeyedStateFile.Writer writer = new KeyedStateFile.Writer(targetDir)) {
            writeStates(writer, metas);
        }
        timers.snapshot(targetDir);
        // the metadata goes last: a directory without it is recognisably incomplete
        snapshotMeta(checkpointId, metas).write(targetDir);
    }

    /**
     * Serializes every entry into memory on the calling (task) thread and copies the references to
     * the (immutable) timers; writing the files and serializing the timers is left for the
     * asynchronous part. Values are the operators' objects, which operators
     * change in place (accumulators), so a consistent view needs a copy taken now: the serialized
     * form is that copy, and the one the files need anyway.
     */
    @Override
    public PendingSnapshot snapshotAsync(long checkpointId, Path targetDir) throws IOException {
        checkOpen();
        Dirs.createEmpty(targetDir);
        List<StateMeta> metas = new ArrayList<>();
        ChunkedBytes states = new ChunkedBytes();
        try (KeyedStateFile.Writer writer = new KeyedStateFile.Writer(states)) {
            writeStates(writer, metas);
        }
        return new Pending(targetDir, states, timers.capture(), snapshotMeta(checkpointId, metas));
    }

    private SnapshotMeta snapshotMeta(long checkpointId, List<StateMeta> metas) {
        return new SnapshotMeta(SnapshotKind.HEAP, context.maxParallelism(), context.keyGroupRange(), checkpointId,
                metas);
    }

    private void writeStates(KeyedStateFile.Writer writer, List<StateMeta> metas) throws IOException {
        ByteArrayDataOutput keyOut = new ByteArrayDataOutput(256);
        ByteArrayDataOutput valueOut = new ByteArrayDataOutput(1024);
        for (Map.Entry<String, StateTable> entry : tables.entrySet()) {
            metas.add(entry.getValue().meta);
            writer.beginState(entry.getKey());
            entry.getValue().export(writer, context.keySerializer(), keyOut, valueOut);
        }
        for (Map.Entry<String, RawEntries> entry : pending.entrySet()) {
            metas.add(restoredMetas.get(entry.getKey()));
            writer.beginState(entry.getKey());
            RawEntries raw = entry.getValue();
            for (int i = 0; i < raw.keys.size(); i++) {
                byte[] key = raw.keys.get(i);
                byte[] value = raw.values.get(i);
                writer.entry(key, key.length, value, value.length);
            }
        }
    }

    /** The asynchronous part of a heap snapshot: the serialized files, written on any thread. */
    private static final class Pending implements PendingSnapshot {
        private final Path dir;
        private final SnapshotMeta meta;
        private ChunkedBytes states;
        private TimerServices.Captured timers;

        Pending(Path dir, ChunkedBytes states, TimerServices.Captured timers, SnapshotMeta meta) {
            this.dir = dir;
            this.states = states;
            this.timers = timers;
            this.meta = meta;
        }

        @Override
        public void complete() throws IOException {
            try {
                states.writeTo(dir.resolve(KeyedStateFile.FILE_NAME));
                timers.writeTo(dir);
                // the metadata goes last: a directory without it is recognisably incomplete
                meta.write(dir);
            } finally {
                discard();
            }
        }

        @Override
        public void discard() {
            states = null; // the bytes may be large: let them go even while this object is referenced
            timers = null;
        }
    }

    @Override
    public long approximateSizeBytes() {
        long entries = 0;
        for (StateTable table : tables.values()) {
            entries += table.entryCount();
        }
        for (RawEntries raw : pending.values()) {
            entries += raw.keys.size();
        }
        return (entries + timers.size()) * BYTES_PER_ENTRY;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("State backend of operator '" + context.operatorId() + "' is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        tables.clear();
        pending.clear();
    }
}

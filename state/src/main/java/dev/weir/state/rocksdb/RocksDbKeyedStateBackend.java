package dev.weir.state.rocksdb;

import dev.weir.core.WeirException;
import dev.weir.core.keys.KeyGroupRange;
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
import dev.weir.state.internal.Dirs;
import dev.weir.state.internal.KeyedStateSource;
import dev.weir.state.internal.SnapshotKind;
import dev.weir.state.internal.SnapshotMeta;
import dev.weir.state.internal.StateBytes;
import dev.weir.state.internal.StateKind;
import dev.weir.state.internal.StateMeta;
import dev.weir.state.internal.TimerServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.StringAppendOperator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code rocksdb} backend: one column family per state name in an embedded RocksDB under
 * {@code context.workingDir()/db}. Keys are {@code [key group: 2 bytes][key][namespace][map
 * key]}, values are serialized with the state's serializer, lists use a string-append merge
 * operator. Writes skip the WAL: durability comes from checkpoints, and a crashed working
 * directory is never reused.
 *
 * <p>Timers live on the heap (a priority queue, as in the {@code hashmap} backend) and are
 * written to {@value TimerServices#FILE_NAME} beside the native checkpoint: they are few compared
 * with state and fire in order, which a heap queue does cheaply.
 *
 * <p>A snapshot is {@code db/} (a RocksDB native checkpoint: hard links to the immutable table
 * files, taken after a flush) plus {@value SstOrigins#FILE_NAME} (what identifies each table file,
 * for incremental checkpoints), {@value TimerServices#FILE_NAME} and {@value
 * SnapshotMeta#FILE_NAME}. The working directory is deleted on {@link #close}.
 */
public final class RocksDbKeyedStateBackend implements KeyedStateBackend {
    static final String DB_DIR = "db";
    private static final Logger LOG = LoggerFactory.getLogger(RocksDbKeyedStateBackend.class);
    private static final int IMPORT_BATCH_ENTRIES = 10_000;

    private final StateBackendContext context;
    private final Path dbDir;
    private final DBOptions dbOptions;
    private final StringAppendOperator mergeOperator;
    private final BloomFilter bloomFilter;
    private final ColumnFamilyOptions columnOptions;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final RocksDB db;
    private final ColumnFamilyHandle defaultColumn;
    private final Map<String, ColumnFamilyHandle> columns = new LinkedHashMap<>();
    private final Map<String, ColumnFamilyState> registered = new HashMap<>();
    private final Map<String, StateMeta> restoredMetas = new HashMap<>();
    private final RocksDbKeyContext keys;
    private final RocksDbAccess access;
    private final TimerServices timers;
    /** Random per opened database: with a table file's local name it makes the file's origin (see {@link SstOrigins}). */
    private final String instanceId = java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    /** Origins of the table files this database was restored with, by local name; they keep them. */
    private final Map<String, String> restoredOrigins = new HashMap<>();
    private boolean closed;

    private RocksDbKeyedStateBackend(StateBackendContext context, List<StateMeta> existing) throws IOException {
        this.context = Objects.requireNonNull(context, "context is null");
        if (context.maxParallelism() > StateBytes.MAX_KEY_GROUPS) {
            throw new WeirException("Max parallelism " + context.maxParallelism() + " of operator '"
                    + context.operatorId() + "' exceeds the RocksDB backend's limit of " + StateBytes.MAX_KEY_GROUPS
                    + "; lower pipeline.max-parallelism.");
        }
        NativeLibrary.ensureLoaded();
        this.dbDir = context.workingDir().resolve(DB_DIR);
        this.dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setInfoLogLevel(InfoLogLevel.HEADER_LEVEL)
                .setKeepLogFileNum(2);
        this.mergeOperator = new StringAppendOperator(StateBytes.LIST_DELIMITER);
        // bloom filters make the common "is there state for this key and window yet?" miss cheap
        this.bloomFilter = new BloomFilter(10, false);
        this.columnOptions = new ColumnFamilyOptions()
                .setMergeOperator(mergeOperator)
                .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(bloomFilter));
        this.writeOptions = new WriteOptions().setDisableWAL(true);
        this.readOptions = new ReadOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions));
        for (StateMeta state : existing) {
            descriptors.add(new ColumnFamilyDescriptor(columnName(state.name()), columnOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB opened;
        try {
            Files.createDirectories(dbDir);
            opened = RocksDB.open(dbOptions, dbDir.toString(), descriptors, handles);
        } catch (RocksDBException | IOException e) {
            closeOptions();
            throw new WeirException("Cannot open RocksDB state of operator '" + context.operatorId() + "' in "
                    + dbDir + ": " + e.getMessage() + "; check free disk space and permissions.", e);
        }
        this.db = opened;
        this.defaultColumn = handles.get(0);
        for (int i = 0; i < existing.size(); i++) {
            columns.put(existing.get(i).name(), handles.get(i + 1));
            restoredMetas.put(existing.get(i).name(), existing.get(i));
        }
        this.keys = new RocksDbKeyContext(context.keySerializer(), context.maxParallelism(), context.keyGroupRange());
        this.access = new RocksDbAccess(db, writeOptions, readOptions, keys, context.operatorId(), dbDir);
        this.timers = new TimerServices(this, context.keySerializer(), context.maxParallelism(),
                context.keyGroupRange(), context.operatorId());
    }

    /** An empty backend; whatever was left in {@code context.workingDir()/db} is discarded. */
    public static RocksDbKeyedStateBackend create(StateBackendContext context) throws IOException {
        Dirs.deleteRecursively(context.workingDir().resolve(DB_DIR));
        return new RocksDbKeyedStateBackend(context, List.of());
    }

    /**
     * Restores a RocksDB snapshot natively: its checkpoint files are linked (or copied) into a
     * fresh working directory and opened; key groups outside this backend's range are dropped.
     */
    public static RocksDbKeyedStateBackend restoreCheckpoint(StateBackendContext context, SnapshotMeta meta,
            Path snapshotDir) throws IOException {
        Path target = context.workingDir().resolve(DB_DIR);
        Dirs.deleteRecursively(target);
        Dirs.copyFlat(snapshotDir.resolve(DB_DIR), target);
        RocksDbKeyedStateBackend backend = new RocksDbKeyedStateBackend(context, meta.states());
        try {
            if (!meta.keyGroupRange().equals(context.keyGroupRange())) {
                backend.dropKeyGroupsOutside(context.keyGroupRange());
            }
            backend.timers.restore(snapshotDir);
            backend.restoredOrigins.putAll(SstOrigins.read(snapshotDir));
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
        return backend;
    }

    /** Restores a snapshot of another backend by writing its canonical entries into a fresh database. */
    public static RocksDbKeyedStateBackend restoreEntries(StateBackendContext context, SnapshotMeta meta,
            KeyedStateSource source, Path snapshotDir) throws IOException {
        return restoreEntries(context, meta, source, List.of(snapshotDir));
    }

    /**
     * Restores the canonical entries of {@code source} (which may visit several snapshots, merged when
     * rescaling) and the timers of every directory in {@code snapshotDirs} into a fresh database.
     */
    public static RocksDbKeyedStateBackend restoreEntries(StateBackendContext context, SnapshotMeta meta,
            KeyedStateSource source, List<Path> snapshotDirs) throws IOException {
        Dirs.deleteRecursively(context.workingDir().resolve(DB_DIR));
        RocksDbKeyedStateBackend backend = new RocksDbKeyedStateBackend(context, meta.states());
        try {
            backend.importEntries(source);
            for (Path dir : snapshotDirs) {
                backend.timers.restore(dir);
            }
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
        return backend;
    }

    private void importEntries(KeyedStateSource source) throws IOException {
        KeyGroupRange range = context.keyGroupRange();
        try (WriteBatch batch = new WriteBatch()) {
            source.forEachEntry((name, key, value) -> {
                if (!range.contains(StateBytes.keyGroupOf(key))) {
                    return;
                }
                ColumnFamilyHandle handle = columns.get(name);
                if (handle == null) {
                    throw new WeirException("Snapshot entry for state '" + name + "' of operator '"
                            + context.operatorId() + "' is not listed in its " + SnapshotMeta.FILE_NAME
                            + "; the snapshot is damaged, restore from an earlier checkpoint.");
                }
                try {
                    batch.put(handle, key, value);
                    if (batch.count() >= IMPORT_BATCH_ENTRIES) {
                        db.write(writeOptions, batch);
                        batch.clear();
                    }
                } catch (RocksDBException e) {
                    throw access.failure(name, e);
                }
            });
            if (batch.count() > 0) {
                db.write(writeOptions, batch);
            }
        } catch (RocksDBException e) {
            throw access.failure("(restore)", e);
        }
    }

    private void dropKeyGroupsOutside(KeyGroupRange range) {
        for (Map.Entry<String, ColumnFamilyHandle> column : columns.entrySet()) {
            try {
                if (range.start() > 0) {
                    db.deleteRange(column.getValue(), writeOptions, keyGroupBytes(0), keyGroupBytes(range.start()));
                }
                if (range.end() + 1 < StateBytes.MAX_KEY_GROUPS) {
                    db.deleteRange(column.getValue(), writeOptions, keyGroupBytes(range.end() + 1),
                            keyGroupBytes(StateBytes.MAX_KEY_GROUPS));
                }
            } catch (RocksDBException e) {
                throw access.failure(column.getKey(), e);
            }
        }
    }

    private static byte[] keyGroupBytes(int keyGroup) {
        return new byte[] {(byte) (keyGroup >>> 8), (byte) keyGroup};
    }

    private static byte[] columnName(String stateName) {
        return stateName.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void setCurrentKey(Object key) {
        keys.setCurrentKey(key);
    }

    @Override
    public Object currentKey() {
        return keys.key();
    }

    private ColumnFamilyState state(String name, StateKind kind, TypeSerializer<?> namespaceSerializer,
            TypeSerializer<?> valueSerializer, TypeSerializer<?> mapKeySerializer) {
        checkOpen();
        StateMeta requested = StateMeta.of(name, kind, namespaceSerializer, valueSerializer, mapKeySerializer);
        ColumnFamilyState existing = registered.get(name);
        if (existing != null) {
            existing.meta.checkCompatible(requested, context.operatorId());
            return existing;
        }
        StateMeta restored = restoredMetas.get(name);
        if (restored != null) {
            restored.checkCompatible(requested, context.operatorId());
        }
        ColumnFamilyHandle handle = columns.get(name);
        if (handle == null) {
            if (name.equals(new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8))) {
                throw new WeirException("State name 'default' of operator '" + context.operatorId()
                        + "' is reserved by the RocksDB backend; choose another state name.");
            }
            try {
                handle = db.createColumnFamily(new ColumnFamilyDescriptor(columnName(name), columnOptions));
            } catch (RocksDBException e) {
                throw access.failure(name, e);
            }
            columns.put(name, handle);
        }
        ColumnFamilyState state = new ColumnFamilyState(requested, handle, namespaceSerializer, valueSerializer,
                mapKeySerializer, access);
        registered.put(name, state);
        return state;
    }

    @Override
    public <N, V> ValueState<N, V> valueState(StateDescriptor<N, V> d) {
        return new RocksDbValueState<>(state(d.name(), StateKind.VALUE, d.namespaceSerializer(), d.valueSerializer(),
                null));
    }

    @Override
    public <N, V> ListState<N, V> listState(StateDescriptor<N, V> d) {
        return new RocksDbListState<>(state(d.name(), StateKind.LIST, d.namespaceSerializer(), d.valueSerializer(),
                null));
    }

    @Override
    public <N, K, V> MapState<N, K, V> mapState(StateDescriptor<N, V> d, TypeSerializer<K> mapKeySerializer) {
        Objects.requireNonNull(mapKeySerializer, "mapKeySerializer is null");
        return new RocksDbMapState<>(state(d.name(), StateKind.MAP, d.namespaceSerializer(), d.valueSerializer(),
                mapKeySerializer));
    }

    @Override
    public <N, V> ReducingState<N, V> reducingState(StateDescriptor<N, V> d, ReduceFunction<V> reducer) {
        return new RocksDbReducingState<>(state(d.name(), StateKind.REDUCING, d.namespaceSerializer(),
                d.valueSerializer(), null), reducer);
    }

    @Override
    public <N, IN, ACC, OUT> AggregatingState<N, IN, OUT> aggregatingState(StateDescriptor<N, ACC> d,
            AggregateFunction<IN, ACC, OUT> function) {
        return new RocksDbAggregatingState<>(state(d.name(), StateKind.AGGREGATING, d.namespaceSerializer(),
                d.valueSerializer(), null), function);
    }

    @Override
    public <N> TimerService<N> timerService(String name, TypeSerializer<N> namespaceSerializer) {
        checkOpen();
        return timers.get(name, namespaceSerializer);
    }

    @Override
    public void snapshot(long checkpointId, Path targetDir) throws IOException {
        snapshotAsync(checkpointId, targetDir).complete();
    }

    /**
     * The synchronous part is what must see the database as of now: a flush of the memtables and
     * RocksDB's native checkpoint (hard links to the immutable table files, plus a copy of the small
     * manifest files), and a copy of the references to the timers. Listing the table files' origins,
     * sorting and writing the timers and {@value SnapshotMeta#FILE_NAME} are left for the asynchronous part; the
     * heavy work of a checkpoint (checksumming, moving table files into the shared directory) comes
     * after it, in the checkpoint storage.
     */
    @Override
    public PendingSnapshot snapshotAsync(long checkpointId, Path targetDir) throws IOException {
        checkOpen();
        Dirs.createEmpty(targetDir);
        List<StateMeta> metas = new ArrayList<>();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        handles.add(defaultColumn);
        for (Map.Entry<String, ColumnFamilyHandle> column : columns.entrySet()) {
            ColumnFamilyState state = registered.get(column.getKey());
            metas.add(state != null ? state.meta : restoredMetas.get(column.getKey()));
            handles.add(column.getValue());
        }
        // the WAL is off, so memtables must reach table files before the checkpoint links them
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
                Checkpoint checkpoint = Checkpoint.create(db)) {
            db.flush(flush, handles);
            checkpoint.createCheckpoint(targetDir.resolve(DB_DIR).toString());
        } catch (RocksDBException e) {
            throw new IOException("RocksDB checkpoint " + checkpointId + " of operator '" + context.operatorId()
                    + "' into " + targetDir + " failed: " + e.getMessage(), e);
        }
        TimerServices.Captured capturedTimers = timers.capture();
        SnapshotMeta meta = new SnapshotMeta(SnapshotKind.ROCKSDB, context.maxParallelism(), context.keyGroupRange(),
                checkpointId, metas);
        return new Pending(targetDir, capturedTimers, meta, instanceId, restoredOrigins);
    }

    /**
     * The asynchronous part of a RocksDB snapshot. It touches only the snapshot directory (never the
     * database), so it may even finish after the backend closed; the origins it reads were fixed at restore.
     */
    private static final class Pending implements PendingSnapshot {
        private final Path dir;
        private final SnapshotMeta meta;
        private final String instanceId;
        private final Map<String, String> restoredOrigins;
        private TimerServices.Captured timers;

        Pending(Path dir, TimerServices.Captured timers, SnapshotMeta meta, String instanceId,
                Map<String, String> restoredOrigins) {
            this.dir = dir;
            this.timers = timers;
            this.meta = meta;
            this.instanceId = instanceId;
            this.restoredOrigins = restoredOrigins;
        }

        @Override
        public void complete() throws IOException {
            try {
                writeOrigins(dir.resolve(DB_DIR), dir, instanceId, restoredOrigins);
                timers.writeTo(dir);
                // the metadata goes last: a directory without it is recognisably incomplete
                meta.write(dir);
            } finally {
                discard();
            }
        }

        @Override
        public void discard() {
            timers = null;
        }
    }

    /** Lists the origin of every immutable file of the native checkpoint, for incremental checkpoints. */
    private static void writeOrigins(Path checkpointDb, Path targetDir, String instanceId,
            Map<String, String> restoredOrigins) throws IOException {
        List<String> names = new ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(checkpointDb)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        names.sort(null);
        Map<String, String> origins = new LinkedHashMap<>();
        for (String name : names) {
            if (SstOrigins.isImmutable(name)) {
                String restored = restoredOrigins.get(name);
                origins.put(name, restored != null ? restored : instanceId + "-" + name);
            }
        }
        SstOrigins.write(targetDir, origins);
    }

    @Override
    public long approximateSizeBytes() {
        checkOpen();
        long total = 0;
        try {
            for (ColumnFamilyHandle handle : columns.values()) {
                total += db.getLongProperty(handle, "rocksdb.estimate-live-data-size");
                total += db.getLongProperty(handle, "rocksdb.cur-size-all-mem-tables");
            }
        } catch (RocksDBException e) {
            LOG.debug("Cannot read RocksDB size properties of operator '{}'", context.operatorId(), e);
        }
        return total;
    }

    /** For tests: whether the database handle is still open. */
    boolean nativeHandlesOpen() {
        return db.isOwningHandle();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("State backend of operator '" + context.operatorId() + "' is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ColumnFamilyHandle handle : columns.values()) {
            handle.close();
        }
        defaultColumn.close();
        db.close();
        closeOptions();
        try {
            Dirs.deleteRecursively(context.workingDir());
        } catch (IOException e) {
            LOG.warn("Cannot delete RocksDB working directory {} of operator '{}'; delete it by hand",
                    context.workingDir(), context.operatorId(), e);
        }
    }

    private void closeOptions() {
        readOptions.close();
        writeOptions.close();
        columnOptions.close();
        mergeOperator.close();
        bloomFilter.close();
        dbOptions.close();
    }
}

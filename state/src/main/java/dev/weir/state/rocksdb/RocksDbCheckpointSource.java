package dev.weir.state.rocksdb;

import dev.weir.core.WeirException;
import dev.weir.state.internal.Dirs;
import dev.weir.state.internal.EntryVisitor;
import dev.weir.state.internal.KeyedStateSource;
import dev.weir.state.internal.SnapshotMeta;
import dev.weir.state.internal.StateBytes;
import dev.weir.state.internal.StateMeta;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.StringAppendOperator;

/**
 * Reads the entries of a RocksDB snapshot in canonical form, so another backend can restore it.
 * The checkpoint is copied to a scratch directory first and opened read-only there, because
 * opening a database writes log files and the snapshot directory must stay untouched.
 */
public final class RocksDbCheckpointSource implements KeyedStateSource {
    private final Path snapshotDir;
    private final SnapshotMeta meta;
    private final Path scratchDir;

    /**
     * @param scratchDir a directory that does not exist yet; created and deleted by each
     *                   {@link #forEachEntry} call
     */
    public RocksDbCheckpointSource(Path snapshotDir, SnapshotMeta meta, Path scratchDir) {
        this.snapshotDir = Objects.requireNonNull(snapshotDir, "snapshotDir is null");
        this.meta = Objects.requireNonNull(meta, "meta is null");
        this.scratchDir = Objects.requireNonNull(scratchDir, "scratchDir is null");
    }

    private List<ColumnFamilyDescriptor> descriptors(ColumnFamilyOptions columnOptions) {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions));
        for (StateMeta state : meta.states()) {
            descriptors.add(new ColumnFamilyDescriptor(state.name().getBytes(StandardCharsets.UTF_8), columnOptions));
        }
        return descriptors;
    }

    @Override
    public void forEachEntry(EntryVisitor visitor) throws IOException {
        NativeLibrary.ensureLoaded();
        Dirs.deleteRecursively(scratchDir);
        Dirs.copyFlat(snapshotDir.resolve(RocksDbKeyedStateBackend.DB_DIR), scratchDir);
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        // list states may hold unmerged operands, so reading needs the same merge operator
        try (StringAppendOperator merge = new StringAppendOperator(StateBytes.LIST_DELIMITER);
                ColumnFamilyOptions columnOptions = new ColumnFamilyOptions().setMergeOperator(merge);
                DBOptions options = new DBOptions().setInfoLogLevel(InfoLogLevel.HEADER_LEVEL);
                RocksDB db = RocksDB.openReadOnly(options, scratchDir.toString(), descriptors(columnOptions),
                        handles)) {
            try {
                for (int i = 0; i < meta.states().size(); i++) {
                    String name = meta.states().get(i).name();
                    try (RocksIterator it = db.newIterator(handles.get(i + 1))) {
                        for (it.seekToFirst(); it.isValid(); it.next()) {
                            visitor.onEntry(name, it.key(), it.value());
                        }
                        it.status();
                    }
                }
            } finally {
                for (ColumnFamilyHandle handle : handles) {
                    handle.close();
                }
            }
        } catch (RocksDBException e) {
            throw new WeirException("Cannot read the RocksDB snapshot in '" + snapshotDir + "': " + e.getMessage()
                    + "; the snapshot is damaged, restore from an earlier checkpoint.", e);
        } finally {
            Dirs.deleteRecursively(scratchDir);
        }
    }
}

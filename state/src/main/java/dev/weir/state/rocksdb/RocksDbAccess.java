package dev.weir.state.rocksdb;

import dev.weir.core.WeirException;
import dev.weir.state.internal.ByteArrayDataInput;
import dev.weir.state.internal.ByteArrayDataOutput;
import java.nio.file.Path;
import java.util.Objects;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * What every RocksDB state handle shares: the database, its read/write options, the serialized
 * current key, and reusable value buffers. One task thread owns it, so sharing the buffers is
 * safe as long as a handle finishes with them before returning.
 */
final class RocksDbAccess {
    final RocksDB db;
    final WriteOptions writeOptions;
    final ReadOptions readOptions;
    final RocksDbKeyContext keys;
    final ByteArrayDataOutput valueOut = new ByteArrayDataOutput(256);
    final ByteArrayDataInput valueIn = new ByteArrayDataInput();
    private final String operatorId;
    private final Path workingDir;
    private byte[] readBuffer = new byte[256];

    RocksDbAccess(RocksDB db, WriteOptions writeOptions, ReadOptions readOptions, RocksDbKeyContext keys,
            String operatorId, Path workingDir) {
        this.db = Objects.requireNonNull(db, "db is null");
        this.writeOptions = Objects.requireNonNull(writeOptions, "writeOptions is null");
        this.readOptions = Objects.requireNonNull(readOptions, "readOptions is null");
        this.keys = Objects.requireNonNull(keys, "keys is null");
        this.operatorId = Objects.requireNonNull(operatorId, "operatorId is null");
        this.workingDir = Objects.requireNonNull(workingDir, "workingDir is null");
    }

    /** Loads the value of {@code key[0, keyLength)} into {@link #valueIn}; false when absent. */
    boolean read(ColumnFamilyHandle cf, byte[] key, int keyLength, String state) {
        try {
            int size = db.get(cf, readOptions, key, 0, keyLength, readBuffer, 0, readBuffer.length);
            if (size == RocksDB.NOT_FOUND) {
                return false;
            }
            if (size > readBuffer.length) {
                readBuffer = new byte[Math.max(size, readBuffer.length * 2)];
                size = db.get(cf, readOptions, key, 0, keyLength, readBuffer, 0, readBuffer.length);
            }
            valueIn.reset(readBuffer, 0, size);
            return true;
        } catch (RocksDBException e) {
            throw failure(state, e);
        }
    }

    /** Stores {@link #valueOut} under {@code key[0, keyLength)}. */
    void put(ColumnFamilyHandle cf, byte[] key, int keyLength, String state) {
        try {
            db.put(cf, writeOptions, key, 0, keyLength, valueOut.buffer(), 0, valueOut.position());
        } catch (RocksDBException e) {
            throw failure(state, e);
        }
    }

    /** Appends {@link #valueOut} to the list under {@code key[0, keyLength)} via the merge operator. */
    void merge(ColumnFamilyHandle cf, byte[] key, int keyLength, String state) {
        try {
            db.merge(cf, writeOptions, key, 0, keyLength, valueOut.buffer(), 0, valueOut.position());
        } catch (RocksDBException e) {
            throw failure(state, e);
        }
    }

    void delete(ColumnFamilyHandle cf, byte[] key, int keyLength, String state) {
        try {
            db.delete(cf, writeOptions, key, 0, keyLength);
        } catch (RocksDBException e) {
            throw failure(state, e);
        }
    }

    WeirException failure(String state, Exception e) {
        return new WeirException("RocksDB failed on state '" + state + "' of operator '" + operatorId + "': "
                + e.getMessage() + "; check free disk space and permissions of " + workingDir + ".", e);
    }
}

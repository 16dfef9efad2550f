package dev.weir.state.rocksdb;

import dev.weir.state.MapState;
import dev.weir.state.internal.ByteArrayDataInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * {@link MapState} with one RocksDB entry per map key: {@code [key group][key][namespace][map
 * key]}. Whole-map operations scan the {@code [key group][key][namespace]} prefix, which is
 * exact because serialized keys and namespaces are self-delimiting.
 */
final class RocksDbMapState<N, K, V> implements MapState<N, K, V> {
    private final ColumnFamilyState state;

    RocksDbMapState(ColumnFamilyState state) {
        this.state = Objects.requireNonNull(state, "state is null");
    }

    private int entryKeyLength(N namespace, K mapKey) {
        state.keyLength(namespace);
        return state.access.keys.withMapKey(state.mapKeySerializer, mapKey);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(N namespace, K mapKey) {
        RocksDbAccess access = state.access;
        int length = entryKeyLength(namespace, mapKey);
        if (!access.read(state.handle, access.keys.bytes(), length, state.name())) {
            return null;
        }
        try {
            return (V) state.valueSerializer.deserialize(access.valueIn);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot deserialize a value of map state '" + state.name() + "'", e);
        }
    }

    @Override
    public void put(N namespace, K mapKey, V value) {
        Objects.requireNonNull(value, "map state values must not be null; use remove()");
        state.serializeValue(value);
        int length = entryKeyLength(namespace, mapKey);
        state.access.put(state.handle, state.access.keys.bytes(), length, state.name());
    }

    @Override
    public void remove(N namespace, K mapKey) {
        int length = entryKeyLength(namespace, mapKey);
        state.access.delete(state.handle, state.access.keys.bytes(), length, state.name());
    }

    @Override
    public boolean contains(N namespace, K mapKey) {
        int length = entryKeyLength(namespace, mapKey);
        return state.access.read(state.handle, state.access.keys.bytes(), length, state.name());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<K, V> entries(N namespace) {
        byte[] prefix = prefix(namespace);
        Map<K, V> result = new HashMap<>();
        ByteArrayDataInput in = new ByteArrayDataInput();
        try (RocksIterator it = state.access.db.newIterator(state.handle, state.access.readOptions)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!startsWith(key, prefix)) {
                    break;
                }
                in.reset(key, prefix.length, key.length - prefix.length);
                K mapKey = (K) state.mapKeySerializer.deserialize(in);
                in.reset(it.value());
                result.put(mapKey, (V) state.valueSerializer.deserialize(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot deserialize map state '" + state.name() + "'", e);
        }
        return result;
    }

    @Override
    public void clear(N namespace) {
        byte[] prefix = prefix(namespace);
        RocksDbAccess access = state.access;
        try (RocksIterator it = access.db.newIterator(state.handle, access.readOptions);
                WriteBatch batch = new WriteBatch()) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!startsWith(key, prefix)) {
                    break;
                }
                batch.delete(state.handle, key);
            }
            if (batch.count() > 0) {
                access.db.write(access.writeOptions, batch);
            }
        } catch (RocksDBException e) {
            throw access.failure(state.name(), e);
        }
    }

    private byte[] prefix(N namespace) {
        int length = state.keyLength(namespace);
        return Arrays.copyOf(state.access.keys.bytes(), length);
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}

package dev.weir.state.rocksdb;

import dev.weir.state.MapState;
import dev.weir.state.internal.ByteArrayDataInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
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
        try (PrefixScan scan = new PrefixScan(state, prefix)) {
            for (RocksIterator it = scan.iterator; it.isValid(); it.next()) {
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
        try (PrefixScan scan = new PrefixScan(state, prefix); WriteBatch batch = new WriteBatch()) {
            for (RocksIterator it = scan.iterator; it.isValid(); it.next()) {
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

    /**
     * An iterator positioned at {@code prefix} and bounded by the prefix's successor, so that a scan
     * of an empty or small namespace stops there instead of stepping over the deletion markers of
     * cleared namespaces after it (an interval join clears a bucket per key and probes empty ones).
     */
    private static final class PrefixScan implements AutoCloseable {
        final RocksIterator iterator;
        private final ReadOptions options;
        private final Slice bound;

        PrefixScan(ColumnFamilyState state, byte[] prefix) {
            byte[] upper = successor(prefix);
            this.bound = upper == null ? null : new Slice(upper);
            this.options = new ReadOptions(state.access.readOptions);
            if (bound != null) {
                options.setIterateUpperBound(bound);
            }
            this.iterator = state.access.db.newIterator(state.handle, options);
            iterator.seek(prefix);
        }

        /** The least key above every key starting with {@code prefix}, or null when there is none (all 0xFF). */
        static byte[] successor(byte[] prefix) {
            for (int i = prefix.length - 1; i >= 0; i--) {
                if (prefix[i] != (byte) 0xFF) {
                    byte[] upper = Arrays.copyOf(prefix, i + 1);
                    upper[i]++;
                    return upper;
                }
            }
            return null;
        }

        @Override
        public void close() {
            iterator.close();
            options.close();
            if (bound != null) {
                bound.close();
            }
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}

package dev.weir.state.rocksdb;

import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.keys.KeyGroups;
import dev.weir.core.serde.TypeSerializer;
import dev.weir.state.internal.ByteArrayDataOutput;
import dev.weir.state.internal.StateBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The current key of a RocksDB backend, kept serialized: {@link #setCurrentKey} writes
 * {@code [key group][key]} once into a reusable buffer, and each state access only appends its
 * namespace (and map key) behind that prefix.
 */
final class RocksDbKeyContext {
    private final TypeSerializer<Object> keySerializer;
    private final int maxParallelism;
    private final KeyGroupRange range;
    private final ByteArrayDataOutput buffer = new ByteArrayDataOutput(128);
    private Object key;
    private int prefixLength;

    RocksDbKeyContext(TypeSerializer<Object> keySerializer, int maxParallelism, KeyGroupRange range) {
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer is null");
        this.maxParallelism = maxParallelism;
        this.range = Objects.requireNonNull(range, "range is null");
    }

    void setCurrentKey(Object newKey) {
        Objects.requireNonNull(newKey, "key is null");
        if (newKey.equals(key)) {
            return;
        }
        int group = KeyGroups.assignToKeyGroup(newKey, maxParallelism);
        if (!range.contains(group)) {
            throw new IllegalArgumentException("Key " + newKey + " is in key group " + group
                    + ", outside this backend's range " + range + "; the record was routed to the wrong subtask.");
        }
        buffer.reset();
        StateBytes.writeKeyGroup(group, buffer);
        try {
            keySerializer.serialize(newKey, buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialize key " + newKey, e);
        }
        prefixLength = buffer.position();
        key = newKey;
    }

    Object key() {
        return key;
    }

    /**
     * Writes {@code [key group][key][namespace]} into the shared buffer and returns its length;
     * the bytes are {@link #bytes()} until the next call.
     */
    <N> int withNamespace(TypeSerializer<N> namespaceSerializer, N namespace) {
        if (key == null) {
            throw new IllegalStateException("State accessed before setCurrentKey");
        }
        buffer.setPosition(prefixLength);
        try {
            namespaceSerializer.serialize(Objects.requireNonNull(namespace, "namespace is null"), buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialize namespace " + namespace, e);
        }
        return buffer.position();
    }

    /** Appends a map key after {@link #withNamespace} and returns the total length. */
    <K> int withMapKey(TypeSerializer<K> mapKeySerializer, K mapKey) {
        try {
            mapKeySerializer.serialize(Objects.requireNonNull(mapKey, "map key is null"), buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialize map key " + mapKey, e);
        }
        return buffer.position();
    }

    byte[] bytes() {
        return buffer.buffer();
    }
}

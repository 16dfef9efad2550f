package dev.weir.state.rocksdb;

import dev.weir.core.serde.TypeSerializer;
import dev.weir.state.internal.StateMeta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.rocksdb.ColumnFamilyHandle;

/** One registered state: its column family, serializers, and single-value read/write helpers. */
final class ColumnFamilyState {
    final StateMeta meta;
    final ColumnFamilyHandle handle;
    final TypeSerializer<Object> namespaceSerializer;
    final TypeSerializer<Object> valueSerializer;
    final TypeSerializer<Object> mapKeySerializer;
    final RocksDbAccess access;

    @SuppressWarnings("unchecked")
    ColumnFamilyState(StateMeta meta, ColumnFamilyHandle handle, TypeSerializer<?> namespaceSerializer,
            TypeSerializer<?> valueSerializer, TypeSerializer<?> mapKeySerializer, RocksDbAccess access) {
        this.meta = Objects.requireNonNull(meta, "meta is null");
        this.handle = Objects.requireNonNull(handle, "handle is null");
        this.namespaceSerializer = (TypeSerializer<Object>) Objects.requireNonNull(namespaceSerializer,
                "namespaceSerializer is null");
        this.valueSerializer = (TypeSerializer<Object>) Objects.requireNonNull(valueSerializer,
                "valueSerializer is null");
        this.mapKeySerializer = (TypeSerializer<Object>) mapKeySerializer;
        this.access = Objects.requireNonNull(access, "access is null");
    }

    String name() {
        return meta.name();
    }

    int keyLength(Object namespace) {
        return access.keys.withNamespace(namespaceSerializer, namespace);
    }

    /** The value under (current key, namespace), or null. */
    Object readValue(Object namespace) {
        int length = keyLength(namespace);
        if (!access.read(handle, access.keys.bytes(), length, name())) {
            return null;
        }
        try {
            return valueSerializer.deserialize(access.valueIn);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot deserialize a value of state '" + name() + "'", e);
        }
    }

    void writeValue(Object namespace, Object value) {
        serializeValue(value);
        int length = keyLength(namespace);
        access.put(handle, access.keys.bytes(), length, name());
    }

    void serializeValue(Object value) {
        access.valueOut.reset();
        try {
            valueSerializer.serialize(value, access.valueOut);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialize a value of state '" + name() + "'", e);
        }
    }

    void delete(Object namespace) {
        int length = keyLength(namespace);
        access.delete(handle, access.keys.bytes(), length, name());
    }
}

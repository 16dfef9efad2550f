package dev.weir.state;

import dev.weir.core.serde.TypeSerializer;
import java.util.Objects;

/**
 * Names a state and how to serialize its namespace and values. The name is part of the
 * snapshot format (RocksDB column family name), so it must stay stable across versions.
 */
public record StateDescriptor<N, V>(String name, TypeSerializer<N> namespaceSerializer,
        TypeSerializer<V> valueSerializer) {
    public StateDescriptor {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(namespaceSerializer, "namespaceSerializer is null");
        Objects.requireNonNull(valueSerializer, "valueSerializer is null");
    }
}

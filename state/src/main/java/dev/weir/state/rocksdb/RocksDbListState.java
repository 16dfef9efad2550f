package dev.weir.state.rocksdb;

import dev.weir.state.ListState;
import dev.weir.state.internal.StateBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * {@link ListState} in a column family whose merge operator appends with
 * {@link StateBytes#LIST_DELIMITER}: {@link #add} is a blind merge, no read-modify-write.
 */
final class RocksDbListState<N, V> implements ListState<N, V> {
    private final ColumnFamilyState state;

    RocksDbListState(ColumnFamilyState state) {
        this.state = Objects.requireNonNull(state, "state is null");
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<V> get(N namespace) {
        RocksDbAccess access = state.access;
        int length = state.keyLength(namespace);
        if (!access.read(state.handle, access.keys.bytes(), length, state.name())) {
            return List.of();
        }
        try {
            return Collections.unmodifiableList((List<V>) StateBytes.readList(access.valueIn, state.valueSerializer));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot deserialize list state '" + state.name() + "'", e);
        }
    }

    @Override
    public void add(N namespace, V value) {
        Objects.requireNonNull(value, "list state values must not be null");
        state.serializeValue(value);
        int length = state.keyLength(namespace);
        state.access.merge(state.handle, state.access.keys.bytes(), length, state.name());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void update(N namespace, List<V> values) {
        if (values == null || values.isEmpty()) {
            state.delete(namespace);
            return;
        }
        RocksDbAccess access = state.access;
        access.valueOut.reset();
        try {
            StateBytes.writeList((List<Object>) values, state.valueSerializer, access.valueOut);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialize list state '" + state.name() + "'", e);
        }
        int length = state.keyLength(namespace);
        access.put(state.handle, access.keys.bytes(), length, state.name());
    }

    @Override
    public void clear(N namespace) {
        state.delete(namespace);
    }
}

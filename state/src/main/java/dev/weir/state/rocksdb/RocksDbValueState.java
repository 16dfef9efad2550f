package dev.weir.state.rocksdb;

import dev.weir.state.ValueState;
import java.util.Objects;

/** {@link ValueState} in a column family; updating to null clears. */
final class RocksDbValueState<N, V> implements ValueState<N, V> {
    private final ColumnFamilyState state;

    RocksDbValueState(ColumnFamilyState state) {
        this.state = Objects.requireNonNull(state, "state is null");
    }

    @Override
    @SuppressWarnings("unchecked")
    public V value(N namespace) {
        return (V) state.readValue(namespace);
    }

    @Override
    public void update(N namespace, V value) {
        if (value == null) {
            state.delete(namespace);
        } else {
            state.writeValue(namespace, value);
        }
    }

    @Override
    public void clear(N namespace) {
        state.delete(namespace);
    }
}

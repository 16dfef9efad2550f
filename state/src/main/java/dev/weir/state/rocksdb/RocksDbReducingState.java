package dev.weir.state.rocksdb;

import dev.weir.state.ReduceFunction;
import dev.weir.state.ReducingState;
import java.util.Objects;

/** {@link ReducingState} in a column family: read, reduce, write back. */
final class RocksDbReducingState<N, V> implements ReducingState<N, V> {
    private final ColumnFamilyState state;
    private final ReduceFunction<V> reducer;

    RocksDbReducingState(ColumnFamilyState state, ReduceFunction<V> reducer) {
        this.state = Objects.requireNonNull(state, "state is null");
        this.reducer = Objects.requireNonNull(reducer, "reducer is null");
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(N namespace) {
        return (V) state.readValue(namespace);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void add(N namespace, V value) {
        V current = (V) state.readValue(namespace);
        state.writeValue(namespace, current == null ? value : reducer.reduce(current, value));
    }

    @Override
    public void clear(N namespace) {
        state.delete(namespace);
    }
}

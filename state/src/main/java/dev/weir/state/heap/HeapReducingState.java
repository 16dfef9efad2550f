package dev.weir.state.heap;

import dev.weir.state.ReduceFunction;
import dev.weir.state.ReducingState;
import java.util.Objects;

/** {@link ReducingState} storing the reduced value as is. */
final class HeapReducingState<N, V> implements ReducingState<N, V> {
    private final StateTable table;
    private final ReduceFunction<V> reducer;

    HeapReducingState(StateTable table, ReduceFunction<V> reducer) {
        this.table = Objects.requireNonNull(table, "table is null");
        this.reducer = Objects.requireNonNull(reducer, "reducer is null");
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(N namespace) {
        return (V) table.get(namespace);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void add(N namespace, V value) {
        V current = (V) table.get(namespace);
        table.put(namespace, current == null ? value : reducer.reduce(current, value));
    }

    @Override
    public void clear(N namespace) {
        table.remove(namespace);
    }
}

package dev.weir.state.heap;

import dev.weir.state.ValueState;
import java.util.Objects;

/** {@link ValueState} on a {@link StateTable}; updating to null clears. */
final class HeapValueState<N, V> implements ValueState<N, V> {
    private final StateTable table;

    HeapValueState(StateTable table) {
        this.table = Objects.requireNonNull(table, "table is null");
    }

    @Override
    @SuppressWarnings("unchecked")
    public V value(N namespace) {
        return (V) table.get(namespace);
    }

    @Override
    public void update(N namespace, V value) {
        if (value == null) {
            table.remove(namespace);
        } else {
            table.put(namespace, value);
        }
    }

    @Override
    public void clear(N namespace) {
        table.remove(namespace);
    }
}

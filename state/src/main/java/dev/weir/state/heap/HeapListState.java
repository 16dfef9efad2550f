package dev.weir.state.heap;

import dev.weir.state.ListState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** {@link ListState} holding an {@link ArrayList} per entry; {@link #get} returns a copy. */
final class HeapListState<N, V> implements ListState<N, V> {
    private final StateTable table;

    HeapListState(StateTable table) {
        this.table = Objects.requireNonNull(table, "table is null");
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<V> get(N namespace) {
        ArrayList<V> list = (ArrayList<V>) table.get(namespace);
        // a copy, because later add() calls mutate the stored list in place
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void add(N namespace, V value) {
        Objects.requireNonNull(value, "list state values must not be null");
        ArrayList<V> list = (ArrayList<V>) table.get(namespace);
        if (list == null) {
            list = new ArrayList<>(4);
            table.put(namespace, list);
        }
        list.add(value);
    }

    @Override
    public void update(N namespace, List<V> values) {
        if (values == null || values.isEmpty()) {
            table.remove(namespace);
            return;
        }
        ArrayList<V> copy = new ArrayList<>(values);
        for (V v : copy) {
            Objects.requireNonNull(v, "list state values must not be null");
        }
        table.put(namespace, copy);
    }

    @Override
    public void clear(N namespace) {
        table.remove(namespace);
    }
}

package dev.weir.state.heap;

import dev.weir.state.MapState;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** {@link MapState} holding a {@link HashMap} per entry; empty maps are removed. */
final class HeapMapState<N, K, V> implements MapState<N, K, V> {
    private final StateTable table;

    HeapMapState(StateTable table) {
        this.table = Objects.requireNonNull(table, "table is null");
    }

    @SuppressWarnings("unchecked")
    private HashMap<K, V> map(N namespace) {
        return (HashMap<K, V>) table.get(namespace);
    }

    @Override
    public V get(N namespace, K mapKey) {
        HashMap<K, V> map = map(namespace);
        return map == null ? null : map.get(mapKey);
    }

    @Override
    public void put(N namespace, K mapKey, V value) {
        Objects.requireNonNull(mapKey, "map state keys must not be null");
        Objects.requireNonNull(value, "map state values must not be null; use remove()");
        HashMap<K, V> map = map(namespace);
        if (map == null) {
            map = new HashMap<>();
            table.put(namespace, map);
        }
        map.put(mapKey, value);
    }

    @Override
    public void remove(N namespace, K mapKey) {
        HashMap<K, V> map = map(namespace);
        if (map != null && map.remove(mapKey) != null && map.isEmpty()) {
            table.remove(namespace);
        }
    }

    @Override
    public boolean contains(N namespace, K mapKey) {
        HashMap<K, V> map = map(namespace);
        return map != null && map.containsKey(mapKey);
    }

    @Override
    public Map<K, V> entries(N namespace) {
        HashMap<K, V> map = map(namespace);
        return map == null ? new HashMap<>() : new HashMap<>(map);
    }

    @Override
    public Map<K, V> readEntries(N namespace) {
        HashMap<K, V> map = map(namespace);
        return map == null ? Map.of() : Collections.unmodifiableMap(map);
    }

    @Override
    public void clear(N namespace) {
        table.remove(namespace);
    }
}

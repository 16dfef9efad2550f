package dev.weir.state;

import java.util.Collections;
import java.util.Map;

/** A map per (current key, namespace). */
public interface MapState<N, K, V> {
    V get(N namespace, K mapKey);

    void put(N namespace, K mapKey, V value);

    void remove(N namespace, K mapKey);

    boolean contains(N namespace, K mapKey);

    /** A snapshot copy of all entries. */
    Map<K, V> entries(N namespace);

    /**
     * The entries for reading only: a live, unmodifiable view where the backend holds them as a map
     * (the heap), else a copy. Saves the copy on hot paths; the caller must not change this namespace
     * while it iterates the view.
     */
    default Map<K, V> readEntries(N namespace) {
        return Collections.unmodifiableMap(entries(namespace));
    }

    void clear(N namespace);
}

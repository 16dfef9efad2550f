package dev.weir.state;

import java.util.Map;

/** A map per (current key, namespace). */
public interface MapState<N, K, V> {
    V get(N namespace, K mapKey);

    void put(N namespace, K mapKey, V value);

    void remove(N namespace, K mapKey);

    boolean contains(N namespace, K mapKey);

    /** A snapshot copy of all entries. */
    Map<K, V> entries(N namespace);

    void clear(N namespace);
}

package dev.weir.state;

import java.util.List;

/** A list of values per (current key, namespace). */
public interface ListState<N, V> {
    /** The values in insertion order; empty when absent. */
    List<V> get(N namespace);

    void add(N namespace, V value);

    void update(N namespace, List<V> values);

    void clear(N namespace);
}

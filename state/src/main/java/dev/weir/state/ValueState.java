package dev.weir.state;

/** One value per (current key, namespace). */
public interface ValueState<N, V> {
    /** The value, or null when absent. */
    V value(N namespace);

    void update(N namespace, V value);

    void clear(N namespace);
}

package dev.weir.state;

/** A value per (current key, namespace) that added values are reduced into. */
public interface ReducingState<N, V> {
    V get(N namespace);

    void add(N namespace, V value);

    void clear(N namespace);
}

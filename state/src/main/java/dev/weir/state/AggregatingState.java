package dev.weir.state;

/** An accumulator per (current key, namespace) fed through an {@link AggregateFunction}. */
public interface AggregatingState<N, IN, OUT> {
    /** The result of the accumulator, or null when nothing was added. */
    OUT get(N namespace);

    void add(N namespace, IN value);

    void clear(N namespace);
}

package dev.weir.state;

/** Combines two values of the same type into one. */
@FunctionalInterface
public interface ReduceFunction<V> {
    V reduce(V accumulated, V value);
}

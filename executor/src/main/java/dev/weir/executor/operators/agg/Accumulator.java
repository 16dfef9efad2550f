package dev.weir.executor.operators.agg;

import java.io.DataOutput;
import java.io.IOException;

/**
 * The mutable running state of one aggregate call in one window of one key. Mutable on purpose:
 * the pre-aggregation buffer updates it per row without allocating.
 */
public interface Accumulator {
    /** Adds one non-null argument value (COUNT(*) passes a marker). */
    void add(Object value);

    /** Folds another accumulator of the same aggregate call into this one. */
    void merge(Accumulator other);

    /** The SQL result in the call's result type; null when SQL says so (SUM of nothing). */
    Object result();

    void write(DataOutput out) throws IOException;
}

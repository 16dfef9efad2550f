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

    /**
     * Takes back one non-null argument value added before: a GROUP BY over an updating input
     * retracts the rows of {@code -U}/{@code -D} changes. Only COUNT, SUM and AVG retract this way
     * (MIN/MAX need every value, see {@link RetractingAggregates}).
     */
    default void retract(Object value) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot retract a value");
    }

    /** Folds another accumulator of the same aggregate call into this one. */
    void merge(Accumulator other);

    /** The SQL result in the call's result type; null when SQL says so (SUM of nothing). */
    Object result();

    void write(DataOutput out) throws IOException;
}

package dev.weir.executor.plan;

/** The window table functions a {@link WindowAggregateSpec} computes. */
public enum WindowKind {
    /** Fixed, non-overlapping windows of {@code size}. */
    TUMBLE,
    /** Windows of {@code size} starting every {@code slide}; they overlap when slide &lt; size. */
    HOP,
    /** Windows that start every {@code size} and grow by {@code step} up to {@code size}. */
    CUMULATE
}

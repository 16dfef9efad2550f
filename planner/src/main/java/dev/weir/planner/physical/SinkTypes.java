package dev.weir.planner.physical;

import dev.weir.core.type.DataType;

/** Public face of the implicit cast rules for writing query results into sink columns. */
public final class SinkTypes {
    private SinkTypes() {
    }

    /** Whether a value of type {@code from} may be written into a column of type {@code to} without a CAST. */
    public static boolean implicitlyCastable(DataType from, DataType to) {
        return ImplicitCasts.allowed(from, to);
    }
}

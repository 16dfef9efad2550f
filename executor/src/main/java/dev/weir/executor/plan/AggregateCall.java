package dev.weir.executor.plan;

import dev.weir.core.type.DataType;
import java.util.Objects;

/**
 * One aggregate in a window or group aggregation.
 *
 * @param function    what to compute
 * @param argIndex    input column of the argument, or -1 for COUNT(*)
 * @param distinct    whether duplicates of the argument count once
 * @param resultType  the SQL result type (e.g. BIGINT for COUNT, the argument's type for MIN)
 * @param name        output column name, for EXPLAIN
 * @param filterIndex input BOOLEAN column of {@code FILTER (WHERE ...)}: only rows where it is TRUE
 *                    are aggregated; -1 when the call has no FILTER
 */
public record AggregateCall(AggregateFunctionKind function, int argIndex, boolean distinct, DataType resultType,
        String name, int filterIndex) {
    public AggregateCall {
        Objects.requireNonNull(function, "function is null");
        Objects.requireNonNull(resultType, "resultType is null");
        Objects.requireNonNull(name, "name is null");
        if (filterIndex < -1) {
            throw new IllegalArgumentException("filterIndex must be -1 or a column index");
        }
    }

    /** A call without FILTER. */
    public AggregateCall(AggregateFunctionKind function, int argIndex, boolean distinct, DataType resultType,
            String name) {
        this(function, argIndex, distinct, resultType, name, -1);
    }

    /** Readable form such as {@code COUNT(DISTINCT $2)} or {@code SUM($1) FILTER $3}. */
    public String describe() {
        String arg = argIndex < 0 ? "*" : (distinct ? "DISTINCT $" : "$") + argIndex;
        // The FILTER suffix only when present, so ids of plans without FILTER stay what they were.
        return function.name() + "(" + arg + ")" + (filterIndex >= 0 ? " FILTER $" + filterIndex : "");
    }
}

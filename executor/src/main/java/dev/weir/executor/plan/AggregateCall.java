package dev.weir.executor.plan;

import dev.weir.core.type.DataType;
import java.util.Objects;

/**
 * One aggregate in a window aggregation.
 *
 * @param function    what to compute
 * @param argIndex    input column of the argument, or -1 for COUNT(*)
 * @param distinct    whether duplicates of the argument count once
 * @param resultType  the SQL result type (e.g. BIGINT for COUNT, the argument's type for MIN)
 * @param name        output column name, for EXPLAIN
 */
public record AggregateCall(AggregateFunctionKind function, int argIndex, boolean distinct, DataType resultType,
        String name) {
    public AggregateCall {
        Objects.requireNonNull(function, "function is null");
        Objects.requireNonNull(resultType, "resultType is null");
        Objects.requireNonNull(name, "name is null");
    }

    /** Readable form such as {@code COUNT(DISTINCT $2)}. */
    public String describe() {
        String arg = argIndex < 0 ? "*" : (distinct ? "DISTINCT $" : "$") + argIndex;
        return function.name() + "(" + arg + ")";
    }
}

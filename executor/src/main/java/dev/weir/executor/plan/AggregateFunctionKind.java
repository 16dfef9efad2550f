package dev.weir.executor.plan;

/** Aggregate functions the runtime implements. NULL arguments are ignored, as in SQL. */
public enum AggregateFunctionKind {
    /** COUNT(*) or COUNT(x): BIGINT, never null. */
    COUNT,
    /** SUM(x): the argument's type (BIGINT for integers, DOUBLE, DECIMAL); null for no values. */
    SUM,
    MIN,
    MAX,
    /** AVG(x): the argument's type, as Flink computes it (integer AVG truncates). */
    AVG
}

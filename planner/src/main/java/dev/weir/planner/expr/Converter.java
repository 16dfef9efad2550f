package dev.weir.planner.expr;

/** Converts one non-null internal value into another representation; chosen at compile time. */
@FunctionalInterface
interface Converter {
    Converter IDENTITY = v -> v;

    Object convert(Object value);
}

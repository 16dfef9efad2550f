package dev.weir.planner.expr;

import dev.weir.core.WeirException;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The internal runtime representation of a Calcite type, as documented on
 * {@link dev.weir.core.type.DataType}. Compilation picks closures by this, never per row.
 */
enum Repr {
    BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, STRING, BYTES,
    DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ,
    /** Day-time intervals are Long milliseconds, like Calcite's own runtime. */
    INTERVAL_MILLIS,
    /** Year-month intervals are Integer months. */
    INTERVAL_MONTHS,
    /** The type of a bare NULL literal. */
    NULL,
    /** A Calcite flag (TRIM mode, time unit); only literal operands carry it. */
    SYMBOL,
    /** ARRAY: a {@link java.util.List} (see {@link dev.weir.core.type.CollectionValues}). */
    ARRAY,
    /** MAP: an insertion-ordered {@link java.util.Map}. */
    MAP;

    static Repr of(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case BOOLEAN -> BOOLEAN;
            case TINYINT -> TINYINT;
            case SMALLINT -> SMALLINT;
            case INTEGER -> INT;
            case BIGINT -> BIGINT;
            case FLOAT, REAL -> FLOAT;
            case DOUBLE -> DOUBLE;
            case DECIMAL -> DECIMAL;
            case CHAR, VARCHAR -> STRING;
            case BINARY, VARBINARY -> BYTES;
            case DATE -> DATE;
            case TIME -> TIME;
            case TIMESTAMP -> TIMESTAMP;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> TIMESTAMP_LTZ;
            case INTERVAL_YEAR, INTERVAL_YEAR_MONTH, INTERVAL_MONTH -> INTERVAL_MONTHS;
            case INTERVAL_DAY, INTERVAL_DAY_HOUR, INTERVAL_DAY_MINUTE, INTERVAL_DAY_SECOND,
                    INTERVAL_HOUR, INTERVAL_HOUR_MINUTE, INTERVAL_HOUR_SECOND, INTERVAL_MINUTE,
                    INTERVAL_MINUTE_SECOND, INTERVAL_SECOND -> INTERVAL_MILLIS;
            case NULL -> NULL;
            case SYMBOL -> SYMBOL;
            case ARRAY -> ARRAY;
            case MAP -> MAP;
            default -> throw new WeirException("Not supported yet: type " + type.getFullTypeString()
                    + " in expressions; use a Flink scalar type instead");
        };
    }

    /** TINYINT..BIGINT, and intervals, which are integral counts too. */
    boolean isIntegral() {
        return this == TINYINT || this == SMALLINT || this == INT || this == BIGINT
                || this == INTERVAL_MILLIS || this == INTERVAL_MONTHS;
    }

    boolean isApproximate() {
        return this == FLOAT || this == DOUBLE;
    }

    boolean isNumeric() {
        return isIntegral() || isApproximate() || this == DECIMAL;
    }

    boolean isDatetime() {
        return this == DATE || this == TIME || this == TIMESTAMP || this == TIMESTAMP_LTZ;
    }

    /** Smallest and largest value of an integral representation, for overflow checks. */
    long min() {
        return switch (this) {
            case TINYINT -> Byte.MIN_VALUE;
            case SMALLINT -> Short.MIN_VALUE;
            case INT, INTERVAL_MONTHS -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
    }

    long max() {
        return switch (this) {
            case TINYINT -> Byte.MAX_VALUE;
            case SMALLINT -> Short.MAX_VALUE;
            case INT, INTERVAL_MONTHS -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
    }
}

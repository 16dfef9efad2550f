package dev.weir.executor.operators.agg;

import dev.weir.core.type.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Converts running numeric results into the internal representation of a result type. */
final class Numbers {
    private Numbers() {
    }

    static Object fromLong(long v, DataType type) {
        return switch (type.root()) {
            case TINYINT -> (byte) v;
            case SMALLINT -> (short) v;
            case INT, DATE, TIME -> (int) v;
            case FLOAT -> (float) v;
            case DOUBLE -> (double) v;
            case DECIMAL -> BigDecimal.valueOf(v).setScale(type.scale(), RoundingMode.HALF_UP);
            default -> v;
        };
    }

    static Object fromDouble(double v, DataType type) {
        return switch (type.root()) {
            case FLOAT -> (float) v;
            case DECIMAL -> BigDecimal.valueOf(v).setScale(type.scale(), RoundingMode.HALF_UP);
            case TINYINT, SMALLINT, INT, BIGINT -> fromLong((long) v, type);
            default -> v;
        };
    }

    static Object fromDecimal(BigDecimal v, DataType type) {
        return switch (type.root()) {
            case DECIMAL -> v.setScale(type.scale(), RoundingMode.HALF_UP);
            case FLOAT -> v.floatValue();
            case DOUBLE -> v.doubleValue();
            default -> fromLong(v.longValue(), type);
        };
    }

    static BigDecimal toDecimal(Object value) {
        return value instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) value).longValue());
    }

    /** Which running representation a numeric result type uses. */
    enum Kind {
        LONG, DOUBLE, DECIMAL;

        static Kind of(DataType type) {
            return switch (type.root()) {
                case FLOAT, DOUBLE -> DOUBLE;
                case DECIMAL -> DECIMAL;
                case TINYINT, SMALLINT, INT, BIGINT -> LONG;
                default -> throw new IllegalArgumentException("not a numeric type: " + type);
            };
        }
    }
}

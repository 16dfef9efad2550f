package dev.weir.core.type;

import java.util.Objects;

/**
 * A SQL data type with Flink's names and rendering.
 *
 * <p>Internal value representation (what a {@link dev.weir.core.Row} holds):
 * <pre>
 *   BOOLEAN        Boolean          FLOAT        Float
 *   TINYINT        Byte             DOUBLE       Double
 *   SMALLINT       Short            DECIMAL      java.math.BigDecimal (scale = type scale)
 *   INT            Integer          CHAR/VARCHAR String
 *   BIGINT         Long             BYTES        byte[]
 *   DATE           Integer          days since 1970-01-01
 *   TIME           Integer          milliseconds of the day
 *   TIMESTAMP      Long             wall-clock epoch milliseconds (as if in UTC)
 *   TIMESTAMP_LTZ  Long             epoch milliseconds (an instant)
 * </pre>
 * This matches Calcite's own runtime representation, so planner-side constants and
 * runtime values agree without conversion.
 */
public final class DataType {
    public static final int MAX_LENGTH = Integer.MAX_VALUE;

    private final TypeRoot root;
    private final int precision;
    private final int scale;
    private final boolean nullable;

    private DataType(TypeRoot root, int precision, int scale, boolean nullable) {
        this.root = Objects.requireNonNull(root, "root is null");
        this.precision = precision;
        this.scale = scale;
        this.nullable = nullable;
    }

    public static DataType of(TypeRoot root) {
        return switch (root) {
            case DECIMAL -> decimal(10, 0);
            case CHAR -> new DataType(root, 1, 0, true);
            case VARCHAR, BYTES -> new DataType(root, MAX_LENGTH, 0, true);
            case TIMESTAMP, TIMESTAMP_LTZ -> new DataType(root, 6, 0, true);
            default -> new DataType(root, 0, 0, true);
        };
    }

    /** Types with a length or precision: CHAR(n), VARCHAR(n), TIMESTAMP(p), TIMESTAMP_LTZ(p). */
    public static DataType of(TypeRoot root, int precisionOrLength) {
        return new DataType(root, precisionOrLength, 0, true);
    }

    public static DataType decimal(int precision, int scale) {
        return new DataType(TypeRoot.DECIMAL, precision, scale, true);
    }

    public static DataType string() {
        return of(TypeRoot.VARCHAR);
    }

    public static DataType bigint() {
        return of(TypeRoot.BIGINT);
    }

    public static DataType timestamp(int precision) {
        return of(TypeRoot.TIMESTAMP, precision);
    }

    public DataType notNull() {
        return new DataType(root, precision, scale, false);
    }

    public DataType nullable(boolean isNullable) {
        return isNullable == nullable ? this : new DataType(root, precision, scale, isNullable);
    }

    public TypeRoot root() {
        return root;
    }

    /** Length for CHAR/VARCHAR/BYTES, precision for DECIMAL and timestamps, 0 otherwise. */
    public int precision() {
        return precision;
    }

    public int scale() {
        return scale;
    }

    public boolean isNullable() {
        return nullable;
    }

    /** The Java class of the internal representation. */
    public Class<?> internalClass() {
        return switch (root) {
            case BOOLEAN -> Boolean.class;
            case TINYINT -> Byte.class;
            case SMALLINT -> Short.class;
            case INT, DATE, TIME -> Integer.class;
            case BIGINT, TIMESTAMP, TIMESTAMP_LTZ -> Long.class;
            case FLOAT -> Float.class;
            case DOUBLE -> Double.class;
            case DECIMAL -> java.math.BigDecimal.class;
            case CHAR, VARCHAR -> String.class;
            case BYTES -> byte[].class;
        };
    }

    /** Flink's rendering: {@code STRING}, {@code VARCHAR(10)}, {@code DECIMAL(10, 2)}, {@code BIGINT NOT NULL}. */
    @Override
    public String toString() {
        String base = switch (root) {
            case VARCHAR -> precision == MAX_LENGTH ? "STRING" : "VARCHAR(" + precision + ")";
            case CHAR -> "CHAR(" + precision + ")";
            case BYTES -> precision == MAX_LENGTH ? "BYTES" : "VARBINARY(" + precision + ")";
            case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
            case TIMESTAMP -> "TIMESTAMP(" + precision + ")";
            case TIMESTAMP_LTZ -> "TIMESTAMP_LTZ(" + precision + ")";
            default -> root.name();
        };
        return nullable ? base : base + " NOT NULL";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataType t
                && root == t.root && precision == t.precision && scale == t.scale && nullable == t.nullable;
    }

    @Override
    public int hashCode() {
        return Objects.hash(root, precision, scale, nullable);
    }
}

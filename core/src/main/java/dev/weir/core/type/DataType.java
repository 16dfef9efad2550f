package dev.weir.core.type;

import java.util.List;
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
 *   ARRAY&lt;T&gt;       java.util.List   unmodifiable, of T's representation, NULL elements allowed
 *   MAP&lt;K, V&gt;      java.util.Map    unmodifiable, insertion ordered, of K's and V's representations
 * </pre>
 * This matches Calcite's own runtime representation, so planner-side constants and
 * runtime values agree without conversion. {@link CollectionValues} builds collection values.
 */
public final class DataType {
    public static final int MAX_LENGTH = Integer.MAX_VALUE;

    private final TypeRoot root;
    private final int precision;
    private final int scale;
    private final boolean nullable;
    /** ARRAY: the element type; MAP: the key then the value type; otherwise empty. */
    private final List<DataType> children;

    private DataType(TypeRoot root, int precision, int scale, boolean nullable) {
        this(root, precision, scale, nullable, List.of());
    }

    private DataType(TypeRoot root, int precision, int scale, boolean nullable, List<DataType> children) {
        this.root = Objects.requireNonNull(root, "root is null");
        this.precision = precision;
        this.scale = scale;
        this.nullable = nullable;
        this.children = children;
    }

    public static DataType of(TypeRoot root) {
        return switch (root) {
            case DECIMAL -> decimal(10, 0);
            case CHAR -> new DataType(root, 1, 0, true);
            case VARCHAR, BYTES -> new DataType(root, MAX_LENGTH, 0, true);
            case TIMESTAMP, TIMESTAMP_LTZ -> new DataType(root, 6, 0, true);
            case ARRAY, MAP -> throw new IllegalArgumentException(root + " needs its element types: use DataType."
                    + root.name().toLowerCase(java.util.Locale.ROOT) + "(...)");
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

    /** {@code ARRAY<element>}, nullable. */
    public static DataType array(DataType element) {
        return new DataType(TypeRoot.ARRAY, 0, 0, true, List.of(Objects.requireNonNull(element, "element is null")));
    }

    /** {@code MAP<key, value>}, nullable. */
    public static DataType map(DataType key, DataType value) {
        return new DataType(TypeRoot.MAP, 0, 0, true, List.of(Objects.requireNonNull(key, "key is null"),
                Objects.requireNonNull(value, "value is null")));
    }

    public DataType notNull() {
        return new DataType(root, precision, scale, false, children);
    }

    public DataType nullable(boolean isNullable) {
        return isNullable == nullable ? this : new DataType(root, precision, scale, isNullable, children);
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

    /** Whether this is an ARRAY or a MAP. */
    public boolean isCollection() {
        return root == TypeRoot.ARRAY || root == TypeRoot.MAP;
    }

    /** The element type of an ARRAY. */
    public DataType elementType() {
        requireRoot(TypeRoot.ARRAY);
        return children.get(0);
    }

    /** The key type of a MAP. */
    public DataType keyType() {
        requireRoot(TypeRoot.MAP);
        return children.get(0);
    }

    /** The value type of a MAP. */
    public DataType valueType() {
        requireRoot(TypeRoot.MAP);
        return children.get(1);
    }

    private void requireRoot(TypeRoot expected) {
        if (root != expected) {
            throw new IllegalStateException(this + " is not " + expected);
        }
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
            case ARRAY -> List.class;
            case MAP -> java.util.Map.class;
        };
    }

    /**
     * Flink's rendering: {@code STRING}, {@code VARCHAR(10)}, {@code DECIMAL(10, 2)}, {@code BIGINT NOT NULL},
     * {@code ARRAY<INT>}, {@code MAP<STRING, BIGINT>}.
     */
    @Override
    public String toString() {
        String base = switch (root) {
            case VARCHAR -> precision == MAX_LENGTH ? "STRING" : "VARCHAR(" + precision + ")";
            case CHAR -> "CHAR(" + precision + ")";
            case BYTES -> precision == MAX_LENGTH ? "BYTES" : "VARBINARY(" + precision + ")";
            case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
            case TIMESTAMP -> "TIMESTAMP(" + precision + ")";
            case TIMESTAMP_LTZ -> "TIMESTAMP_LTZ(" + precision + ")";
            case ARRAY -> "ARRAY<" + children.get(0) + ">";
            case MAP -> "MAP<" + children.get(0) + ", " + children.get(1) + ">";
            default -> root.name();
        };
        return nullable ? base : base + " NOT NULL";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataType t
                && root == t.root && precision == t.precision && scale == t.scale && nullable == t.nullable
                && children.equals(t.children);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(root, precision, scale, nullable); // as before collections existed
        return children.isEmpty() ? h : 31 * h + children.hashCode();
    }
}

package dev.weir.core.type;

/** The SQL type families Weir supports, named as in Flink. */
public enum TypeRoot {
    BOOLEAN,
    TINYINT,
    SMALLINT,
    INT,
    BIGINT,
    FLOAT,
    DOUBLE,
    DECIMAL,
    CHAR,
    VARCHAR,
    DATE,
    TIME,
    TIMESTAMP,
    TIMESTAMP_LTZ,
    BYTES,
    /** {@code ARRAY<T>}: a {@link java.util.List} of the element type's values, NULL elements allowed. */
    ARRAY,
    /** {@code MAP<K, V>}: an insertion-ordered {@link java.util.Map} of the key and value types' values. */
    MAP
}

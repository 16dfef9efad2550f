package dev.weir.parser;

import java.util.List;
import java.util.Objects;

/**
 * A column type as written, normalised to Flink's canonical names.
 *
 * @param name one of STRING, VARCHAR, CHAR, BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, DATE,
 *        TIME, TIMESTAMP, TIMESTAMP_LTZ, BYTES, VARBINARY, BINARY (INTEGER becomes INT, DEC and NUMERIC become
 *        DECIMAL, DOUBLE PRECISION becomes DOUBLE, TIMESTAMP WITH LOCAL TIME ZONE becomes TIMESTAMP_LTZ)
 * @param params the numbers given in parentheses, e.g. {@code [10, 2]}, or empty
 *        Also ARRAY and MAP, whose element types are in {@code children}.
 * @param position where the type name is
 * @param children ARRAY: the element type; MAP: the key and value types; empty for other types
 * @param notNull  whether the type is declared NOT NULL where that is part of the type (an ARRAY's
 *                 elements, a MAP's keys and values); a column's own NOT NULL is on the column
 */
public record TypeSpec(String name, List<Integer> params, Position position, List<TypeSpec> children,
        boolean notNull) {

    public TypeSpec {
        Objects.requireNonNull(name, "name is null");
        params = List.copyOf(Objects.requireNonNull(params, "params is null"));
        Objects.requireNonNull(position, "position is null");
        children = List.copyOf(Objects.requireNonNull(children, "children is null"));
    }

    /** A type without element types. */
    public TypeSpec(String name, List<Integer> params, Position position) {
        this(name, params, position, List.of(), false);
    }

    /** This type, marked NOT NULL (an element type of a collection). */
    TypeSpec asNotNull() {
        return new TypeSpec(name, params, position, children, true);
    }
}

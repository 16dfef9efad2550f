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
 * @param position where the type name is
 */
public record TypeSpec(String name, List<Integer> params, Position position) {

    public TypeSpec {
        Objects.requireNonNull(name, "name is null");
        params = List.copyOf(Objects.requireNonNull(params, "params is null"));
        Objects.requireNonNull(position, "position is null");
    }
}

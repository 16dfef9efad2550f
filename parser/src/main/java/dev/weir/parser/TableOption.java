package dev.weir.parser;

import java.util.Objects;

/** One {@code 'key' = 'value'} of a WITH clause, quotes removed and {@code ''} unescaped; position is the key's. */
public record TableOption(String key, String value, Position position) {

    public TableOption {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(value, "value is null");
        Objects.requireNonNull(position, "position is null");
    }
}

package dev.weir.parser;

import java.util.Objects;

/**
 * {@code SET 'key' = 'value'}, or a bare {@code SET} that lists the options.
 *
 * @param key the key, or null for the bare listing form
 * @param value the value, or null for the bare listing form
 */
public record SetOption(Position position, String text, String key, String value) implements Statement {

    public SetOption {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
        if ((key == null) != (value == null)) {
            throw new IllegalArgumentException("key and value must both be set or both be null");
        }
    }
}

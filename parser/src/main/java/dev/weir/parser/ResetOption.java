package dev.weir.parser;

import java.util.Objects;

/**
 * {@code RESET 'key'}, or a bare {@code RESET} that resets all options.
 *
 * @param key the key, or null for all
 */
public record ResetOption(Position position, String text, String key) implements Statement {

    public ResetOption {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
    }
}

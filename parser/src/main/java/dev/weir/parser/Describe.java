package dev.weir.parser;

import java.util.Objects;

/** {@code DESCRIBE name} or {@code DESC name}. */
public record Describe(Position position, String text, String name) implements Statement {

    public Describe {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(name, "name is null");
    }
}

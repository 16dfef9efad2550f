package dev.weir.parser;

import java.util.Objects;

/** {@code SHOW TABLES}. */
public record ShowTables(Position position, String text) implements Statement {

    public ShowTables {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
    }
}

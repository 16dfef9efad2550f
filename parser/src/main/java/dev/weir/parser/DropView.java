package dev.weir.parser;

import java.util.Objects;

/** {@code DROP [TEMPORARY] VIEW [IF EXISTS] name}. */
public record DropView(Position position, String text, String name, boolean ifExists) implements Statement {

    public DropView {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(name, "name is null");
    }
}

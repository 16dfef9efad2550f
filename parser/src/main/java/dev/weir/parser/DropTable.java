package dev.weir.parser;

import java.util.Objects;

/** {@code DROP [TEMPORARY] TABLE [IF EXISTS] name}. */
public record DropTable(Position position, String text, String name, boolean ifExists) implements Statement {

    public DropTable {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(name, "name is null");
    }
}

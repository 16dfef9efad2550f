package dev.weir.parser;

import java.util.Objects;

/** {@code END}: submits the INSERTs collected since {@link BeginStatementSet} as one job. */
public record EndStatementSet(Position position, String text) implements Statement {

    public EndStatementSet {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
    }
}

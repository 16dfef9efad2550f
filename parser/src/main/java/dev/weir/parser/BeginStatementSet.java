package dev.weir.parser;

import java.util.Objects;

/**
 * {@code BEGIN STATEMENT SET} at the prompt or over JDBC: the session collects the INSERTs that
 * follow, until {@link EndStatementSet}, and runs them as one job. In a script
 * {@link ScriptParser#parse} folds the whole block into one {@link StatementSet}.
 */
public record BeginStatementSet(Position position, String text) implements Statement {

    public BeginStatementSet {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
    }
}

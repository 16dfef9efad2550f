package dev.weir.parser;

import java.util.Objects;

/** A bare query (starting with SELECT, WITH, VALUES or '('), kept as text for Calcite. */
public record Query(Position position, String text, SqlText query) implements Statement {

    public Query {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(query, "query is null");
    }
}

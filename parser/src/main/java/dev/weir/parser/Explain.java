package dev.weir.parser;

import java.util.Objects;

/**
 * {@code EXPLAIN [PLAN FOR] statement}.
 *
 * @param explained the explained statement: a {@link Query} or an {@link Insert}
 */
public record Explain(Position position, String text, Statement explained) implements Statement {

    public Explain {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(explained, "explained is null");
        if (!(explained instanceof Query || explained instanceof Insert)) {
            throw new IllegalArgumentException("EXPLAIN explains a query or an INSERT, not " + explained);
        }
    }
}

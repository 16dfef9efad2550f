package dev.weir.parser;

import java.util.Objects;

/**
 * {@code EXPLAIN [PLAN FOR] statement}, also {@code EXPLAIN [EXECUTE] STATEMENT SET BEGIN … END}.
 *
 * @param explained the explained statement: a {@link Query}, an {@link Insert} or a {@link StatementSet}
 */
public record Explain(Position position, String text, Statement explained) implements Statement {

    public Explain {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(explained, "explained is null");
        if (!(explained instanceof Query || explained instanceof Insert || explained instanceof StatementSet)) {
            throw new IllegalArgumentException("EXPLAIN explains a query, an INSERT or a statement set, not "
                    + explained);
        }
    }
}

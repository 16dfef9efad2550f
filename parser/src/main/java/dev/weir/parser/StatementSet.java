package dev.weir.parser;

import java.util.List;
import java.util.Objects;

/**
 * {@code EXECUTE STATEMENT SET BEGIN INSERT …; INSERT …; END}, or a script's
 * {@code BEGIN STATEMENT SET; INSERT …; …; END;}: INSERTs that run as one job, with one sink per
 * INSERT and one checkpoint covering them all.
 *
 * @param inserts the INSERTs, in order; at least one
 */
public record StatementSet(Position position, String text, List<Insert> inserts) implements Statement {

    public StatementSet {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
        inserts = List.copyOf(Objects.requireNonNull(inserts, "inserts is null"));
        if (inserts.isEmpty()) {
            throw new IllegalArgumentException("a statement set holds at least one INSERT");
        }
    }
}

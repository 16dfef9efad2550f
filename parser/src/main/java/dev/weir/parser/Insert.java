package dev.weir.parser;

import java.util.List;
import java.util.Objects;

/**
 * {@code INSERT INTO table [(c1, c2)] query}.
 *
 * @param columns the target columns given in parentheses, empty if none
 */
public record Insert(Position position, String text, String table, Position tablePosition, List<String> columns,
        SqlText query) implements Statement {

    public Insert {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(table, "table is null");
        Objects.requireNonNull(tablePosition, "tablePosition is null");
        columns = List.copyOf(Objects.requireNonNull(columns, "columns is null"));
        Objects.requireNonNull(query, "query is null");
    }
}

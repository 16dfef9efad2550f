package dev.weir.parser;

import java.util.List;
import java.util.Objects;

/**
 * {@code CREATE [TEMPORARY] VIEW [IF NOT EXISTS] name [(cols)] AS query}.
 *
 * @param columnNames the column names given in parentheses, empty if none
 */
public record CreateView(Position position, String text, String name, boolean temporary, boolean ifNotExists,
        List<String> columnNames, SqlText query) implements Statement {

    public CreateView {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(name, "name is null");
        columnNames = List.copyOf(Objects.requireNonNull(columnNames, "columnNames is null"));
        Objects.requireNonNull(query, "query is null");
    }
}

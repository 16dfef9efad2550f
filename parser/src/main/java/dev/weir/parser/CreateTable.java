package dev.weir.parser;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name (columns, [WATERMARK], [PRIMARY KEY]) [COMMENT] [WITH (...)]}.
 *
 * @param name the table name as written without quotes; a dotted name keeps its dots ({@code cat.db.t}), and a
 *        part that itself contains a dot or backtick is kept backtick-quoted
 * @param columns the columns in declaration order
 * @param watermark the watermark, or null if none
 * @param primaryKey the primary key columns, empty if none (from an inline or table constraint)
 * @param options the WITH options in order, empty if there is no WITH clause
 * @param comment the table comment, or null
 */
public record CreateTable(Position position, String text, String name, boolean temporary, boolean ifNotExists,
        List<ColumnDef> columns, WatermarkDef watermark, List<String> primaryKey,
        List<TableOption> options, String comment) implements Statement {

    public CreateTable {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(name, "name is null");
        columns = List.copyOf(Objects.requireNonNull(columns, "columns is null"));
        primaryKey = List.copyOf(Objects.requireNonNull(primaryKey, "primaryKey is null"));
        options = List.copyOf(Objects.requireNonNull(options, "options is null"));
    }

    /** The options as an unmodifiable map in declaration order (keys are unique: the parser rejects duplicates). */
    public Map<String, String> optionMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (TableOption option : options) {
            map.put(option.key(), option.value());
        }
        return Collections.unmodifiableMap(map);
    }
}

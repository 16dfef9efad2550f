package dev.weir.parser;

import java.util.Objects;

/** {@code name AS expression [COMMENT '...']}; the expression is kept as text for Calcite. */
public record ComputedColumn(String name, SqlText expression, Position position) implements ColumnDef {

    public ComputedColumn {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(expression, "expression is null");
        Objects.requireNonNull(position, "position is null");
    }
}

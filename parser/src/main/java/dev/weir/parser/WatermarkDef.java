package dev.weir.parser;

import java.util.Objects;

/** {@code WATERMARK FOR column AS expression}; the expression is kept as text for Calcite. */
public record WatermarkDef(String column, Position columnPosition, SqlText expression) {

    public WatermarkDef {
        Objects.requireNonNull(column, "column is null");
        Objects.requireNonNull(columnPosition, "columnPosition is null");
        Objects.requireNonNull(expression, "expression is null");
    }
}

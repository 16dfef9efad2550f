package dev.weir.connectors.format;

import dev.weir.core.Row;

/** Appends one row's text (with its trailing line break) to a buffer. */
public interface RowEncoder {
    void encode(Row row, StringBuilder out);
}

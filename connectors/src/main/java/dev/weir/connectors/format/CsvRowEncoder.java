package dev.weir.connectors.format;

import dev.weir.core.Row;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import java.util.Objects;

/**
 * Writes rows as CSV lines. NULL is the null literal (empty when none); strings are quoted when
 * they contain the delimiter, the quote, a line break, or are empty (so that they read back as
 * the empty string, not NULL).
 */
public final class CsvRowEncoder implements RowEncoder {
    private final DataType[] types;
    private final char delimiter;
    private final int quote;
    private final int escape;
    private final String nullLiteral;

    public CsvRowEncoder(RowType schema, char delimiter, int quote, int escape, String nullLiteral) {
        Objects.requireNonNull(schema, "schema is null");
        CsvRowDecoder.refuseCollections(schema);
        this.types = new DataType[schema.arity()];
        for (int i = 0; i < types.length; i++) {
            types[i] = schema.type(i);
        }
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape;
        this.nullLiteral = nullLiteral == null ? "" : nullLiteral;
    }

    @Override
    public void encode(Row row, StringBuilder out) {
        for (int i = 0; i < types.length; i++) {
            if (i > 0) {
                out.append(delimiter);
            }
            Object v = row.field(i);
            if (v == null) {
                out.append(nullLiteral);
            } else if (types[i].root() == TypeRoot.VARCHAR || types[i].root() == TypeRoot.CHAR) {
                appendString(out, (String) v);
            } else {
                FileValues.append(out, v, types[i], false);
            }
        }
        out.append('\n');
    }

    private void appendString(StringBuilder out, String s) {
        boolean needsQuotes = s.isEmpty() || s.equals(nullLiteral);
        for (int i = 0; i < s.length() && !needsQuotes; i++) {
            char c = s.charAt(i);
            needsQuotes = c == delimiter || c == quote || c == escape || c == '\n' || c == '\r';
        }
        if (!needsQuotes) {
            out.append(s);
            return;
        }
        if (quote < 0) {
            // quoting disabled: escape special characters if an escape character is configured
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (escape >= 0 && (c == delimiter || c == escape || c == '\n')) {
                    out.append((char) escape);
                }
                out.append(c);
            }
            return;
        }
        out.append((char) quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == quote) {
                out.append((char) quote);
            } else if (c == escape) {
                out.append((char) escape);
            }
            out.append(c);
        }
        out.append((char) quote);
    }
}

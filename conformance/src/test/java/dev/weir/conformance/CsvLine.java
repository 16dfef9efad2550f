package dev.weir.conformance;

import dev.weir.connectors.format.ValueFormatter;
import dev.weir.core.Row;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import java.time.ZoneId;

/**
 * Renders a row as one line of the oracle's CSV: each value as Flink's {@code CAST(v AS STRING)}
 * (through {@link ValueFormatter}; BOOLEAN as {@code TRUE}/{@code FALSE}), NULL as {@code \N}, and a value containing a comma, a quote, a
 * line break or the text {@code \N} itself quoted with doubled inner quotes.
 */
final class CsvLine {
    static final String NULL = "\\N";

    private CsvLine() {
    }

    static String render(Row row, RowType type, ZoneId zone) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < row.arity(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object v = row.field(i);
            if (v == null) {
                sb.append(NULL);
                continue;
            }
            // CAST(b AS STRING) is 'TRUE'/'FALSE' in Flink; ValueFormatter writes true/false, as
            // Flink's csv and json formats do. Its null literal here only shows for NULL elements of
            // an ARRAY or MAP, which CAST writes as NULL (not the print format's null).
            String s = type.type(i).root() == TypeRoot.BOOLEAN ? (((Boolean) v) ? "TRUE" : "FALSE")
                    : ValueFormatter.format(v, type.type(i), zone, ValueFormatter.TABLEAU_NULL);
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                    || s.equals(NULL)) {
                sb.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(s);
            }
        }
        return sb.toString();
    }
}

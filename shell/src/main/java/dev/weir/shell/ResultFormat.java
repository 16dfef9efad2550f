package dev.weir.shell;

import dev.weir.connectors.format.ValueFormatter;
import dev.weir.core.Row;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * How a SELECT's rows become text in the result views: Flink's CAST AS STRING, NULL as {@code <NULL>}.
 * Rows of a local query hold engine values, formatted here; rows of a query run by a server
 * ({@link #preformatted}) hold the text the JDBC driver gave, only NULL is spelled here.
 */
final class ResultFormat {
    private final List<String> names;
    /** The engine's types, or null when the rows hold text already. */
    private final DataType[] types;
    private final int[] widths;
    private final ZoneId zone;

    ResultFormat(RowType rowType, Configuration config) {
        this.names = List.copyOf(rowType.names());
        this.types = new DataType[rowType.arity()];
        this.widths = new int[rowType.arity()];
        for (int i = 0; i < types.length; i++) {
            types[i] = rowType.type(i);
            widths[i] = Math.max(typicalWidth(types[i]), names.get(i).length());
        }
        this.zone = zone(config);
    }

    private ResultFormat(List<String> names, int[] widths) {
        this.names = List.copyOf(names);
        this.types = null;
        this.widths = widths.clone();
        this.zone = ZoneId.of("UTC");
    }

    /** For rows whose fields are already text (or null), with a typical width per column. */
    static ResultFormat preformatted(List<String> names, int[] widths) {
        if (names.size() != widths.length) {
            throw new IllegalArgumentException(names.size() + " names but " + widths.length + " widths");
        }
        int[] w = widths.clone();
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(w[i], names.get(i).length());
        }
        return new ResultFormat(names, w);
    }

    List<String> names() {
        return names;
    }

    int arity() {
        return names.size();
    }

    String[] values(Row row) {
        String[] values = new String[names.size()];
        for (int i = 0; i < values.length; i++) {
            Object v = row.field(i);
            values[i] = types != null ? ValueFormatter.format(v, types[i], zone, ValueFormatter.TABLEAU_NULL)
                    : v == null ? ValueFormatter.TABLEAU_NULL : v.toString();
        }
        return values;
    }

    /** {@code +I[v1, v2]}, the print connector's format. */
    String changelogLine(Row row) {
        return row.kind().shortString() + "[" + String.join(", ", values(row)) + "]";
    }

    /** A column width that fits typical values of the type, so tableau rows line up as they stream. */
    int typicalWidth(int column) {
        return widths[column];
    }

    private static int typicalWidth(DataType type) {
        return switch (type.root()) {
            case BOOLEAN -> 5;
            case TINYINT -> 4;
            case SMALLINT -> 6;
            case INT -> 11;
            case BIGINT -> 20;
            case FLOAT, DOUBLE -> 12;
            case DECIMAL -> type.precision() + 2;
            case DATE -> 10;
            case TIME -> 12;
            case TIMESTAMP, TIMESTAMP_LTZ -> 23;
            default -> 12;
        };
    }

    private static ZoneId zone(Configuration config) {
        String zone = config.getString("table.local-time-zone");
        if (zone == null || zone.toLowerCase(Locale.ROOT).equals("default")) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }
}

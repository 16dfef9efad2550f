package dev.weir.shell;

import dev.weir.connectors.format.ValueFormatter;
import dev.weir.core.Row;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;

/** How a SELECT's rows become text in the result views: Flink's CAST AS STRING, NULL as {@code <NULL>}. */
final class ResultFormat {
    private final RowType rowType;
    private final DataType[] types;
    private final ZoneId zone;

    ResultFormat(RowType rowType, Configuration config) {
        this.rowType = rowType;
        this.types = new DataType[rowType.arity()];
        for (int i = 0; i < types.length; i++) {
            types[i] = rowType.type(i);
        }
        this.zone = zone(config);
    }

    RowType rowType() {
        return rowType;
    }

    String[] values(Row row) {
        String[] values = new String[types.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = ValueFormatter.format(row.field(i), types[i], zone, ValueFormatter.TABLEAU_NULL);
        }
        return values;
    }

    /** {@code +I[v1, v2]}, the print connector's format. */
    String changelogLine(Row row) {
        return row.kind().shortString() + "[" + String.join(", ", values(row)) + "]";
    }

    /** A column width that fits typical values of the type, so tableau rows line up as they stream. */
    int typicalWidth(int column) {
        DataType type = types[column];
        int width = switch (type.root()) {
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
        return Math.max(width, rowType.names().get(column).length());
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

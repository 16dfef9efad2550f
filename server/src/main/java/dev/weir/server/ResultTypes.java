package dev.weir.server;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.util.ByteString;

/**
 * How Weir's types and internal values travel over Avatica. Values keep their internal numeric
 * form where Avatica's client accessors understand it (DATE as days, TIME as milliseconds of the
 * day, TIMESTAMP as wall-clock epoch milliseconds — Calcite's own remote representation), so the
 * client's {@code getTimestamp}/{@code getString} render them exactly as the engine means them.
 */
final class ResultTypes {
    /** The change-kind column every SELECT result starts with: +I, -U, +U or -D. */
    static final String OP_COLUMN = "op";

    private ResultTypes() {
    }

    /** The column metadata of a SELECT's result: {@code op} first, then the query's columns. */
    static List<ColumnMetaData> selectColumns(RowType rowType) {
        List<ColumnMetaData> columns = new ArrayList<>(rowType.arity() + 1);
        columns.add(column(0, OP_COLUMN, DataType.of(TypeRoot.CHAR, 2).notNull()));
        for (int i = 0; i < rowType.arity(); i++) {
            columns.add(column(i + 1, rowType.field(i).name(), rowType.type(i)));
        }
        return columns;
    }

    /** Columns of a small all-text table (SHOW TABLES, DESCRIBE, SHOW JOBS). */
    static List<ColumnMetaData> textColumns(List<String> names) {
        List<ColumnMetaData> columns = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            columns.add(column(i, names.get(i), DataType.string()));
        }
        return columns;
    }

    static ColumnMetaData column(int ordinal, String name, DataType type) {
        ColumnMetaData.ScalarType avaticaType = ColumnMetaData.scalar(jdbcType(type), typeName(type), rep(type));
        int precision = precision(type);
        return new ColumnMetaData(ordinal, false, true, false, false,
                type.isNullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
                isSigned(type), displaySize(type), name, name, null, precision,
                type.root() == TypeRoot.DECIMAL ? type.scale() : 0,
                null, null, avaticaType, true, false, false, javaClass(type));
    }

    /** The JDBC type code ({@link Types}) of a Weir type. */
    static int jdbcType(DataType type) {
        return switch (type.root()) {
            case BOOLEAN -> Types.BOOLEAN;
            case TINYINT -> Types.TINYINT;
            case SMALLINT -> Types.SMALLINT;
            case INT -> Types.INTEGER;
            case BIGINT -> Types.BIGINT;
            case FLOAT -> Types.REAL;
            case DOUBLE -> Types.DOUBLE;
            case DECIMAL -> Types.DECIMAL;
            case CHAR -> Types.CHAR;
            case VARCHAR -> Types.VARCHAR;
            case DATE -> Types.DATE;
            case TIME -> Types.TIME;
            // TIMESTAMP_LTZ values are shown in the session time zone, as Flink's clients do.
            case TIMESTAMP, TIMESTAMP_LTZ -> Types.TIMESTAMP;
            case BYTES -> Types.VARBINARY;
            // ARRAY and MAP travel as their text, as Flink's SQL client prints them ([1, 2], {a=1}).
            case ARRAY, MAP -> Types.VARCHAR;
        };
    }

    /** The type name as Flink writes it, without NOT NULL. */
    static String typeName(DataType type) {
        return type.nullable(true).toString();
    }

    private static ColumnMetaData.Rep rep(DataType type) {
        return switch (type.root()) {
            case BOOLEAN -> ColumnMetaData.Rep.BOOLEAN;
            case TINYINT -> ColumnMetaData.Rep.BYTE;
            case SMALLINT -> ColumnMetaData.Rep.SHORT;
            case INT, DATE, TIME -> ColumnMetaData.Rep.INTEGER;
            case BIGINT, TIMESTAMP, TIMESTAMP_LTZ -> ColumnMetaData.Rep.LONG;
            case FLOAT -> ColumnMetaData.Rep.FLOAT;
            case DOUBLE -> ColumnMetaData.Rep.DOUBLE;
            case DECIMAL -> ColumnMetaData.Rep.NUMBER;
            case CHAR, VARCHAR, ARRAY, MAP -> ColumnMetaData.Rep.STRING;
            case BYTES -> ColumnMetaData.Rep.BYTE_STRING;
        };
    }

    private static String javaClass(DataType type) {
        return switch (type.root()) {
            case BOOLEAN -> Boolean.class.getName();
            case TINYINT -> Byte.class.getName();
            case SMALLINT -> Short.class.getName();
            case INT -> Integer.class.getName();
            case BIGINT -> Long.class.getName();
            case FLOAT -> Float.class.getName();
            case DOUBLE -> Double.class.getName();
            case DECIMAL -> java.math.BigDecimal.class.getName();
            case CHAR, VARCHAR, ARRAY, MAP -> String.class.getName();
            case DATE -> java.sql.Date.class.getName();
            case TIME -> java.sql.Time.class.getName();
            case TIMESTAMP, TIMESTAMP_LTZ -> java.sql.Timestamp.class.getName();
            case BYTES -> byte[].class.getName();
        };
    }

    /** Column size as {@code DatabaseMetaData.getColumns} reports it; null where it means nothing. */
    static Integer columnSize(DataType type) {
        return switch (type.root()) {
            case CHAR, VARCHAR, BYTES, DECIMAL, TIMESTAMP, TIMESTAMP_LTZ -> type.precision();
            case TINYINT -> 3;
            case SMALLINT -> 5;
            case INT -> 10;
            case BIGINT -> 19;
            case FLOAT -> 7;
            case DOUBLE -> 15;
            default -> null;
        };
    }

    private static int precision(DataType type) {
        Integer size = columnSize(type);
        return size == null ? 0 : size;
    }

    private static int displaySize(DataType type) {
        return switch (type.root()) {
            case CHAR, VARCHAR, BYTES -> Math.min(type.precision(), 65536);
            case DATE -> 10;
            case TIME -> 12;
            case TIMESTAMP, TIMESTAMP_LTZ -> 29;
            case BOOLEAN -> 5;
            default -> 24;
        };
    }

    private static boolean isSigned(DataType type) {
        return switch (type.root()) {
            case TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL -> true;
            default -> false;
        };
    }

    /** Converts one internal value to its wire form for a column of {@code type}. */
    static Object toWire(Object value, DataType type, ZoneId sessionZone) {
        if (value == null) {
            return null;
        }
        return switch (type.root()) {
            case TIMESTAMP_LTZ -> {
                long instant = (Long) value;
                LocalDateTime local = LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(instant), sessionZone);
                yield local.toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            case BYTES -> new ByteString((byte[]) value);
            case ARRAY, MAP -> dev.weir.connectors.format.ValueFormatter.format(value, type, sessionZone);
            default -> value;
        };
    }
}

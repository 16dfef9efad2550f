package dev.weir.executor.testing;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Rows written as text, Flink style: {@code +I[alice, 3, 2023-11-14 22:13:20.000]}. Values are
 * separated by {@code ", "}; {@code null} is SQL NULL; timestamps are UTC wall-clock text.
 */
public final class RowText {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private RowText() {
    }

    public static Row parse(String text, RowType type) {
        String s = text.trim();
        RowKind kind = RowKind.INSERT;
        for (RowKind k : RowKind.values()) {
            if (s.startsWith(k.shortString() + "[")) {
                kind = k;
                s = s.substring(k.shortString().length());
                break;
            }
        }
        if (!s.startsWith("[") || !s.endsWith("]")) {
            throw new IllegalArgumentException("Expected a row like +I[a, 1], got: " + text);
        }
        String body = s.substring(1, s.length() - 1);
        String[] parts = body.isEmpty() ? new String[0] : body.split(",", -1);
        if (parts.length != type.arity()) {
            throw new IllegalArgumentException("Row " + text + " has " + parts.length + " values, type " + type
                    + " needs " + type.arity());
        }
        Object[] values = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = value(parts[i].trim(), type.type(i));
        }
        return Row.wrap(kind, values);
    }

    static Object value(String v, DataType type) {
        if (v.equals("null")) {
            return null;
        }
        return switch (type.root()) {
            case BOOLEAN -> Boolean.parseBoolean(v);
            case TINYINT -> Byte.parseByte(v);
            case SMALLINT -> Short.parseShort(v);
            case INT -> Integer.parseInt(v);
            case BIGINT -> Long.parseLong(v);
            case FLOAT -> Float.parseFloat(v);
            case DOUBLE -> Double.parseDouble(v);
            case DECIMAL -> new BigDecimal(v).setScale(type.scale());
            case CHAR, VARCHAR -> v;
            case TIMESTAMP, TIMESTAMP_LTZ -> timestamp(v);
            case DATE -> (int) java.time.LocalDate.parse(v).toEpochDay();
            case TIME -> java.time.LocalTime.parse(v).toSecondOfDay() * 1000;
            case BYTES -> v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            case ARRAY, MAP -> throw new IllegalArgumentException("no text form for " + type + " values in tests");
        };
    }

    /** Epoch millis of a UTC wall-clock text {@code 2023-11-14 22:13:20.000}. */
    public static long timestamp(String text) {
        return LocalDateTime.parse(text, TS).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    public static String formatTimestamp(long millis) {
        return TS.format(LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000)
                * 1_000_000, ZoneOffset.UTC));
    }

    /** The text form of a row, timestamps formatted per the type. */
    public static String format(Row row, RowType type) {
        StringBuilder sb = new StringBuilder(row.kind().shortString()).append('[');
        for (int i = 0; i < row.arity(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Object v = row.field(i);
            DataType t = type.type(i);
            if (v != null && (t.root() == dev.weir.core.type.TypeRoot.TIMESTAMP
                    || t.root() == dev.weir.core.type.TypeRoot.TIMESTAMP_LTZ)) {
                sb.append(formatTimestamp((Long) v));
            } else {
                sb.append(v);
            }
        }
        return sb.append(']').toString();
    }
}

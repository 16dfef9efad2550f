package dev.weir.connectors.format;

import dev.weir.core.type.DataType;
import dev.weir.core.type.TypeRoot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Renders internal values as text, the way Flink's {@code CAST(v AS STRING)} does: used by the
 * print sink, the CLI's result display and the csv/json writers.
 *
 * <ul>
 *   <li>TIMESTAMP(p): {@code 2023-11-14 22:13:20.000}, exactly {@code p} fractional digits;
 *   <li>TIMESTAMP_LTZ(p): the same, in the given session zone;
 *   <li>DATE {@code 2023-11-14}, TIME {@code 22:13:20};
 *   <li>DECIMAL plain with the type's scale, DOUBLE/FLOAT as {@link Double#toString};
 *   <li>BYTES as {@code x'0aff'} (hex), NULL as {@link #NULL} (Flink's print connector renders
 *       a row with {@code Row.toString()}, which prints {@code null}); the CLI passes its own
 *       literal such as {@code <NULL>};
 *   <li>ARRAY as {@code [1, 2]}, MAP as {@code {a=1, b=2}}, as Flink prints them.
 * </ul>
 */
public final class ValueFormatter {
    /** What Flink's print connector prints for SQL NULL. */
    public static final String NULL = "null";
    /** What Flink's SQL client prints for SQL NULL in its result views. */
    public static final String TABLEAU_NULL = "<NULL>";

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private ValueFormatter() {
    }

    /** The value as text; NULL becomes {@value #NULL}. */
    public static String format(Object internalValue, DataType type, ZoneId zone) {
        return format(internalValue, type, zone, NULL);
    }

    public static String format(Object internalValue, DataType type, ZoneId zone, String nullLiteral) {
        if (internalValue == null) {
            return nullLiteral;
        }
        if (internalValue instanceof String s) {
            return s;
        }
        StringBuilder sb = new StringBuilder(24);
        append(sb, internalValue, type, zone, nullLiteral);
        return sb.toString();
    }

    /** Appends the value's text to {@code sb} without intermediate strings where possible. */
    public static void append(StringBuilder sb, Object v, DataType type, ZoneId zone, String nullLiteral) {
        if (v == null) {
            sb.append(nullLiteral);
            return;
        }
        switch (type.root()) {
            case BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, CHAR, VARCHAR -> sb.append(v);
            case FLOAT -> sb.append(((Number) v).floatValue());
            case DOUBLE -> sb.append(((Number) v).doubleValue());
            case DECIMAL -> {
                BigDecimal d = (BigDecimal) v;
                if (d.scale() != type.scale()) {
                    d = d.setScale(type.scale(), RoundingMode.HALF_UP);
                }
                sb.append(d.toPlainString());
            }
            case DATE -> appendDate(sb, ((Number) v).intValue());
            case TIME -> appendTime(sb, ((Number) v).intValue(), type.precision());
            case TIMESTAMP -> appendTimestamp(sb, ((Number) v).longValue(), type.precision(), ' ');
            case TIMESTAMP_LTZ -> appendTimestamp(sb, toWallClock(((Number) v).longValue(), zone), type.precision(),
                    ' ');
            case BYTES -> {
                byte[] b = (byte[]) v;
                sb.append("x'");
                for (byte x : b) {
                    sb.append(HEX[(x >> 4) & 0xF]).append(HEX[x & 0xF]);
                }
                sb.append('\'');
            }
            case ARRAY, MAP -> appendCollection(sb, v, type, zone, NULL.equals(nullLiteral) ? NULL : "NULL");
        }
    }

    /**
     * {@code [1, 2, null]} and {@code {a=1, b=null}} (map entries in the map's order), elements as
     * {@link #append} renders them. A NULL element is {@code null} in the print format (Flink's
     * {@code Row.toString()}) and {@code NULL} elsewhere (Flink's {@code CAST(v AS STRING)}, which
     * its SQL client shows).
     */
    private static void appendCollection(StringBuilder sb, Object v, DataType type, ZoneId zone, String nullLiteral) {
        if (type.root() == TypeRoot.ARRAY) {
            DataType element = type.elementType();
            List<?> values = (List<?>) v;
            sb.append('[');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                Object e = values.get(i);
                if (e instanceof String s) {
                    sb.append(s);
                } else {
                    append(sb, e, element, zone, nullLiteral);
                }
            }
            sb.append(']');
            return;
        }
        DataType keyType = type.keyType();
        DataType valueType = type.valueType();
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            append(sb, e.getKey(), keyType, zone, nullLiteral);
            sb.append('=');
            append(sb, e.getValue(), valueType, zone, nullLiteral);
        }
        sb.append('}');
    }

    /** Epoch millis of an instant turned into wall-clock millis of {@code zone} (as if in UTC). */
    public static long toWallClock(long epochMillis, ZoneId zone) {
        if (zone == ZoneOffset.UTC) {
            return epochMillis;
        }
        int offsetSeconds = zone.getRules().getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
        return epochMillis + offsetSeconds * 1000L;
    }

    public static void appendDate(StringBuilder sb, int epochDay) {
        if (epochDay >= -719_162 && epochDay <= 2_932_896) {
            // years 0001..9999: fast path without LocalDate allocation would need a calendar; the
            // allocation is small and this is not the benchmark's hot path.
            LocalDate d = LocalDate.ofEpochDay(epochDay);
            pad(sb, d.getYear(), 4);
            sb.append('-');
            pad(sb, d.getMonthValue(), 2);
            sb.append('-');
            pad(sb, d.getDayOfMonth(), 2);
        } else {
            sb.append(LocalDate.ofEpochDay(epochDay));
        }
    }

    /** TIME as {@code HH:mm:ss} plus {@code precision} fractional digits (the value has millis). */
    public static void appendTime(StringBuilder sb, int millisOfDay, int precision) {
        int seconds = millisOfDay / 1000;
        pad(sb, seconds / 3600, 2);
        sb.append(':');
        pad(sb, (seconds / 60) % 60, 2);
        sb.append(':');
        pad(sb, seconds % 60, 2);
        appendFraction(sb, millisOfDay % 1000, precision);
    }

    /** {@code yyyy-MM-dd HH:mm:ss[.fff]} with the given date/time separator. */
    public static void appendTimestamp(StringBuilder sb, long wallClockMillis, int precision, char separator) {
        long day = Math.floorDiv(wallClockMillis, MILLIS_PER_DAY);
        int millisOfDay = (int) Math.floorMod(wallClockMillis, MILLIS_PER_DAY);
        appendDate(sb, (int) day);
        sb.append(separator);
        appendTime(sb, millisOfDay, precision);
    }

    private static void appendFraction(StringBuilder sb, int millis, int precision) {
        if (precision <= 0) {
            return;
        }
        sb.append('.');
        int digits = Math.min(precision, 3);
        int value = millis;
        if (digits == 1) {
            sb.append((char) ('0' + value / 100));
        } else if (digits == 2) {
            pad(sb, value / 10, 2);
        } else {
            pad(sb, value, 3);
        }
        for (int i = 3; i < precision; i++) {
            sb.append('0');
        }
    }

    private static void pad(StringBuilder sb, int value, int width) {
        int v = value;
        if (v < 0) {
            sb.append('-');
            v = -v;
        }
        int len = v == 0 ? 1 : (int) Math.log10(v) + 1;
        for (int i = len; i < width; i++) {
            sb.append('0');
        }
        sb.append(v);
    }
}

package dev.weir.connectors.format;

import dev.weir.core.type.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;

/**
 * Parses text into Weir's internal values, accepting what Flink's csv and json formats write:
 * timestamps with a space or {@code T} separator and 0–9 fractional digits (truncated to
 * milliseconds), TIMESTAMP_LTZ with an optional trailing {@code Z}, BYTES as base64.
 * Throws {@link IllegalArgumentException} (or a {@link java.time.DateTimeException}) on bad text;
 * callers turn that into a message with the file, line and column.
 */
public final class ValueParser {
    private ValueParser() {
    }

    public static Object parse(String text, DataType type, ZoneId zone) {
        return switch (type.root()) {
            case CHAR, VARCHAR -> text;
            case BOOLEAN -> parseBoolean(text.trim());
            case TINYINT -> Byte.parseByte(text.trim());
            case SMALLINT -> Short.parseShort(text.trim());
            case INT -> Integer.parseInt(text.trim());
            case BIGINT -> Long.parseLong(text.trim());
            case FLOAT -> Float.parseFloat(text.trim());
            case DOUBLE -> Double.parseDouble(text.trim());
            case DECIMAL -> toDecimal(new BigDecimal(text.trim()), type);
            case DATE -> (int) LocalDate.parse(text.trim()).toEpochDay();
            case TIME -> (int) (LocalTime.parse(text.trim()).toNanoOfDay() / 1_000_000L);
            case TIMESTAMP -> parseTimestamp(text.trim(), null);
            case TIMESTAMP_LTZ -> parseTimestamp(text.trim(), zone);
            case BYTES -> Base64.getDecoder().decode(text.trim());
            case ARRAY, MAP -> throw new IllegalArgumentException(type + " values cannot be read from text");
        };
    }

    /** Rescales to the type's scale and checks the precision, as a DECIMAL column requires. */
    public static BigDecimal toDecimal(BigDecimal value, DataType type) {
        BigDecimal scaled = value.setScale(type.scale(), RoundingMode.HALF_UP);
        if (scaled.precision() > type.precision()) {
            throw new IllegalArgumentException("value " + value + " does not fit " + type);
        }
        return scaled;
    }

    private static Boolean parseBoolean(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        if (l.equals("true")) {
            return Boolean.TRUE;
        }
        if (l.equals("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean");
    }

    /**
     * Wall-clock millis for TIMESTAMP ({@code zone} null), epoch millis for TIMESTAMP_LTZ: text
     * ending in {@code Z} is UTC, text without an offset is in {@code zone}.
     */
    static long parseTimestamp(String s, ZoneId zone) {
        String t = s;
        ZoneId z = zone;
        if (zone != null && (t.endsWith("Z") || t.endsWith("z"))) {
            t = t.substring(0, t.length() - 1);
            z = ZoneOffset.UTC;
        }
        if (t.length() < 11 || (t.charAt(10) != ' ' && t.charAt(10) != 'T')) {
            if (t.length() == 10) {
                // a bare date is midnight, as Flink's SQL timestamp parser accepts
                return toMillis(LocalDate.parse(t).toEpochDay(), 0, z);
            }
            throw new IllegalArgumentException("not a timestamp");
        }
        LocalDate date = LocalDate.parse(t.substring(0, 10));
        LocalTime time = LocalTime.parse(t.substring(11));
        return toMillis(date.toEpochDay(), time.toNanoOfDay() / 1_000_000L, z);
    }

    private static long toMillis(long epochDay, long millisOfDay, ZoneId zone) {
        long wall = epochDay * 86_400_000L + millisOfDay;
        if (zone == null || zone == ZoneOffset.UTC) {
            return wall;
        }
        java.time.LocalDateTime ldt = java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(wall, 1000L),
                (int) Math.floorMod(wall, 1000L) * 1_000_000, ZoneOffset.UTC);
        return ldt.atZone(zone).toInstant().toEpochMilli();
    }
}

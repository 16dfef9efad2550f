package dev.weir.planner.expr;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Date/time helpers over the internal representation: DATE = days, TIME = millis of day,
 * TIMESTAMP = wall-clock millis as if in UTC, TIMESTAMP_LTZ = epoch millis.
 */
final class DateTimes {
    static final long MILLIS_PER_DAY = 86_400_000L;

    /** SQL literal forms: {@code 2023-11-14}, {@code 2023-11-14 22:13:20[.123456789]}, ISO 'T' too. */
    private static final DateTimeFormatter SQL_TIMESTAMP = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalEnd()
            .toFormatter();

    private DateTimes() {
    }

    /** Wall-clock millis of an instant as seen in {@code zone}. */
    static long toWall(long epochMillis, ZoneId zone) {
        if (zone == ZoneOffset.UTC) {
            return epochMillis;
        }
        int offsetSeconds = zone.getRules().getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
        return epochMillis + offsetSeconds * 1000L;
    }

    /** The instant at which the wall clock in {@code zone} shows {@code wallMillis}. */
    static long toInstant(long wallMillis, ZoneId zone) {
        if (zone == ZoneOffset.UTC) {
            return wallMillis;
        }
        return toLocalDateTime(wallMillis).atZone(zone).toInstant().toEpochMilli();
    }

    static LocalDateTime toLocalDateTime(long wallMillis) {
        long seconds = Math.floorDiv(wallMillis, 1000L);
        int nanos = (int) Math.floorMod(wallMillis, 1000L) * 1_000_000;
        return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
    }

    static long fromLocalDateTime(LocalDateTime dateTime) {
        return dateTime.toEpochSecond(ZoneOffset.UTC) * 1000L + dateTime.getNano() / 1_000_000;
    }

    /** Drops digits below {@code precision} fractional second digits (0..3; more keeps millis). */
    static long truncate(long millis, int precision) {
        if (precision >= 3) {
            return millis;
        }
        long unit = precision == 0 ? 1000L : precision == 1 ? 100L : 10L;
        return millis - Math.floorMod(millis, unit);
    }

    /** Parses the SQL forms into wall-clock millis; throws DateTimeParseException if malformed. */
    static long parseTimestamp(String text) {
        TemporalAccessor parsed = SQL_TIMESTAMP.parse(text.trim());
        LocalDate date = LocalDate.from(parsed);
        LocalTime time = parsed.isSupported(ChronoField.HOUR_OF_DAY) ? LocalTime.from(parsed) : LocalTime.MIDNIGHT;
        return fromLocalDateTime(LocalDateTime.of(date, time));
    }

    /** Parses with a user pattern; a date-only pattern yields midnight. */
    static long parseTimestamp(String text, DateTimeFormatter format) {
        TemporalAccessor parsed = format.parse(text);
        LocalDate date = LocalDate.from(parsed);
        LocalTime time = parsed.isSupported(ChronoField.HOUR_OF_DAY) ? LocalTime.from(parsed) : LocalTime.MIDNIGHT;
        return fromLocalDateTime(LocalDateTime.of(date, time));
    }

    static int parseDate(String text) {
        return (int) LocalDate.parse(text.trim()).toEpochDay();
    }

    static int parseTime(String text) {
        return (int) (LocalTime.parse(text.trim()).toNanoOfDay() / 1_000_000L);
    }

    static String formatDate(int days) {
        StringBuilder sb = new StringBuilder(10);
        appendDate(sb, LocalDate.ofEpochDay(days));
        return sb.toString();
    }

    static String formatTime(int millisOfDay, int precision) {
        StringBuilder sb = new StringBuilder(12);
        appendTime(sb, millisOfDay, precision);
        return sb.toString();
    }

    /** Flink's CAST(ts AS STRING): {@code 2023-11-14 22:13:20.000} for TIMESTAMP(3). */
    static String formatTimestamp(long wallMillis, int precision) {
        StringBuilder sb = new StringBuilder(23);
        appendDate(sb, LocalDate.ofEpochDay(Math.floorDiv(wallMillis, MILLIS_PER_DAY)));
        sb.append(' ');
        appendTime(sb, (int) Math.floorMod(wallMillis, MILLIS_PER_DAY), precision);
        return sb.toString();
    }

    private static void appendDate(StringBuilder sb, LocalDate date) {
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            sb.append(date);
            return;
        }
        pad(sb, year, 4).append('-');
        pad(sb, date.getMonthValue(), 2).append('-');
        pad(sb, date.getDayOfMonth(), 2);
    }

    private static void appendTime(StringBuilder sb, int millisOfDay, int precision) {
        int seconds = millisOfDay / 1000;
        pad(sb, seconds / 3600, 2).append(':');
        pad(sb, seconds / 60 % 60, 2).append(':');
        pad(sb, seconds % 60, 2);
        if (precision > 0) {
            sb.append('.');
            int millis = millisOfDay % 1000;
            if (precision >= 3) {
                pad(sb, millis, 3);
                for (int i = 3; i < precision; i++) {
                    sb.append('0');
                }
            } else {
                pad(sb, millis / (precision == 1 ? 100 : 10), precision);
            }
        }
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits);
    }

    /** Flink's rendering of a day-time interval: {@code +0 00:00:04.000}. */
    static String formatMillisInterval(long millis) {
        StringBuilder sb = new StringBuilder(millis < 0 ? "-" : "+");
        long abs = Math.abs(millis);
        sb.append(abs / MILLIS_PER_DAY).append(' ');
        appendTime(sb, (int) (abs % MILLIS_PER_DAY), 3);
        return sb.toString();
    }

    /** Flink's rendering of a year-month interval: {@code +1-02}. */
    static String formatMonthInterval(int months) {
        StringBuilder sb = new StringBuilder(months < 0 ? "-" : "+");
        int abs = Math.abs(months);
        sb.append(abs / 12).append('-');
        return pad(sb, abs % 12, 2).toString();
    }
}

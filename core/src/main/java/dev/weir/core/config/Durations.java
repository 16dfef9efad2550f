package dev.weir.core.config;

import java.util.Locale;

/** Parses Flink-style durations into milliseconds. */
public final class Durations {
    private Durations() {
    }

    public static long parseMillis(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        long amount = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i).trim();
        long factor = switch (unit) {
            case "", "ms", "milli", "millis", "millisecond", "milliseconds" -> 1L;
            case "s", "sec", "secs", "second", "seconds" -> 1_000L;
            case "min", "m", "minute", "minutes" -> 60_000L;
            case "h", "hour", "hours" -> 3_600_000L;
            case "d", "day", "days" -> 86_400_000L;
            default -> throw new IllegalArgumentException("unknown unit: " + unit);
        };
        return Math.multiplyExact(amount, factor);
    }
}

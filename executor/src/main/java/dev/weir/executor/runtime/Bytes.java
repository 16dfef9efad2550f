package dev.weir.executor.runtime;

import java.util.Locale;

/** Byte counts for people: {@code 512 B}, {@code 1.5 KB}, {@code 12.0 MB} (powers of 1024). */
final class Bytes {
    private static final String[] UNITS = {"KB", "MB", "GB", "TB"};

    private Bytes() {
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = -1;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }
}

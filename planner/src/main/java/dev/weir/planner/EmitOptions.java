package dev.weir.planner;

import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.core.config.Durations;

/**
 * Flink's emit options for window aggregations. {@code table.exec.emit.allow-lateness} keeps a
 * fired window's state that long so that late rows update it (-U/+U). Flink pairs it with
 * {@code table.exec.emit.late-fire.enabled} and {@code late-fire.delay}; Weir fires once per late
 * row, which is late-fire enabled with a delay of 0: that setting is accepted, any other refused.
 */
final class EmitOptions {
    static final String ALLOW_LATENESS = "table.exec.emit.allow-lateness";
    static final String LATE_FIRE_ENABLED = "table.exec.emit.late-fire.enabled";
    static final String LATE_FIRE_DELAY = "table.exec.emit.late-fire.delay";

    private EmitOptions() {
    }

    /** The allowed lateness in milliseconds (0 = late rows are dropped), after checking the late-fire options. */
    static long allowedLatenessMillis(Configuration config) {
        long lateness = duration(config, ALLOW_LATENESS, "'0', '1 min' or '10 s'");
        long delay = duration(config, LATE_FIRE_DELAY, "'0'");
        if (delay > 0) {
            throw new WeirException("Not supported yet: option '" + LATE_FIRE_DELAY + "' = '"
                    + config.getString(LATE_FIRE_DELAY) + "': Weir updates a window once per late row, as with a "
                    + "late-fire delay of 0. Remove the option or SET '" + LATE_FIRE_DELAY + "' = '0'.");
        }
        String enabled = config.getString(LATE_FIRE_ENABLED);
        if (enabled != null && !enabled.isBlank()) {
            String v = enabled.trim();
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new WeirException("Invalid value '" + enabled + "' for option '" + LATE_FIRE_ENABLED
                        + "': expected 'true' or 'false'.");
            }
            if (v.equalsIgnoreCase("false") && lateness > 0) {
                throw new WeirException("Option '" + ALLOW_LATENESS + "' = '" + config.getString(ALLOW_LATENESS)
                        + "' needs late firing, but '" + LATE_FIRE_ENABLED + "' is 'false'. Weir fires each late row "
                        + "within the lateness at once: RESET '" + LATE_FIRE_ENABLED + "' or set it to 'true'.");
            }
        }
        return lateness;
    }

    private static long duration(Configuration config, String key, String examples) {
        String value = config.getString(key);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long millis = Durations.parseMillis(value);
            if (millis >= 0) {
                return millis;
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            // reported below
        }
        throw new WeirException("Invalid value '" + value + "' for option '" + key + "': expected a duration such as "
                + examples + ". Fix it with SET '" + key + "' = '...'.");
    }
}

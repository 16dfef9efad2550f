package dev.weir.connectors.filesystem;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide counts of records skipped because of {@code *.ignore-parse-errors}, per table, for
 * metrics and the CLI until the executor has a metrics API. Each reader also exposes its own count.
 */
public final class ParseErrorCounters {
    private static final Map<String, LongAdder> SKIPPED = new ConcurrentHashMap<>();

    private ParseErrorCounters() {
    }

    /** Records skipped so far for the table, over all its readers in this process. */
    public static long skipped(String table) {
        LongAdder a = SKIPPED.get(table);
        return a == null ? 0 : a.sum();
    }

    static void increment(String table) {
        SKIPPED.computeIfAbsent(table, t -> new LongAdder()).increment();
    }
}

package dev.weir.shell;

import java.util.HashMap;
import java.util.Map;

/**
 * Checks that each key's sequence numbers, in the order the job wrote them, go up by exactly 1 from
 * 1 to N: a number above the next expected one means rows were lost, one at or below the last seen
 * means a row was written twice.
 */
final class SequenceChecker {
    /** What the check found over all keys. */
    record Figures(int keys, long rows, long lost, long duplicated) {
        @Override
        public String toString() {
            return "keys=" + keys + " rows=" + rows + " lost=" + lost + " duplicated=" + duplicated;
        }
    }

    private final long perKey;
    private final Map<String, Long> next = new HashMap<>();
    private long rows;
    private long lost;
    private long duplicated;

    /** @param perKey N, the last sequence number of every key */
    SequenceChecker(long perKey) {
        this.perKey = perKey;
    }

    /** One output row of {@code key} covering sequence numbers {@code from..to} (one row: from = to). */
    void accept(String key, long from, long to) {
        rows += to - from + 1;
        long expected = next.getOrDefault(key, 1L);
        if (from < expected) {
            duplicated += Math.min(to, expected - 1) - from + 1;
        } else if (from > expected) {
            lost += from - expected;
        }
        next.put(key, Math.max(expected, to + 1));
    }

    /** Counts the tail each key is missing (a key never seen misses all N), and returns the figures. */
    Figures finish(int keys) {
        long missing = (long) (keys - next.size()) * perKey;
        for (long n : next.values()) {
            missing += Math.max(0, perKey + 1 - n);
        }
        return new Figures(next.size(), rows, lost + missing, duplicated);
    }
}

package dev.weir.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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

    /**
     * Checks window rows {@code key,window_start,window_end,count,min_seq,max_seq}: each key's windows,
     * in time order, must cover 1..N, and each count must match its window's range of sequence numbers
     * (a smaller count means rows lost inside the window, a larger one rows counted twice).
     */
    static Figures checkWindows(List<String> lines, long perKey, int keys) {
        SequenceChecker checker = new SequenceChecker(perKey);
        long countMismatch = 0;
        long countExcess = 0;
        List<String[]> windows = new ArrayList<>();
        for (String line : lines) {
            windows.add(line.split(","));
        }
        windows.sort(Comparator.comparing((String[] r) -> r[0]).thenComparing(r -> r[1]));
        for (String[] r : windows) {
            long n = Long.parseLong(r[3]);
            long lo = Long.parseLong(r[4]);
            long hi = Long.parseLong(r[5]);
            checker.accept(r[0], lo, hi);
            long span = hi - lo + 1;
            if (n < span) {
                countMismatch += span - n;
            } else {
                countExcess += n - span;
            }
        }
        Figures f = checker.finish(keys);
        return new Figures(f.keys(), f.rows(), f.lost() + countMismatch, f.duplicated() + countExcess);
    }
}

package dev.weir.executor.operators;

import dev.weir.core.Row;

/** (grouping key, window start): the pre-aggregation buffer's key, with the hash computed once. */
final class WindowKey {
    final Row key;
    final long windowStart;
    private final int hash;

    WindowKey(Row key, long windowStart) {
        this.key = key;
        this.windowStart = windowStart;
        this.hash = 31 * key.hashCode() + Long.hashCode(windowStart);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowKey w && w.windowStart == windowStart && w.hash == hash && w.key.equals(key);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}

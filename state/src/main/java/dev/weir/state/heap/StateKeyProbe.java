package dev.weir.state.heap;

/**
 * A mutable lookup key reused for every read of the current key: {@link java.util.HashMap}
 * calls {@code probe.equals(storedKey)}, so a probe finds a {@link StateKey} without a new
 * object per access. Never stored in a map.
 */
final class StateKeyProbe {
    Object key;
    Object namespace;
    int hash;

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StateKey other)) {
            return false;
        }
        return hash == other.hashCode() && key.equals(other.key) && namespace.equals(other.namespace);
    }
}

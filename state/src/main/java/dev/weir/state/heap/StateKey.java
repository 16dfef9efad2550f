package dev.weir.state.heap;

/**
 * The immutable map key of a heap state entry: (key, namespace) with a precomputed hash. Equal to
 * a {@link StateKeyProbe} with the same key and namespace, which is how reads avoid allocating.
 */
final class StateKey {
    final Object key;
    final Object namespace;
    private final int hash;

    StateKey(Object key, Object namespace, int hash) {
        this.key = key;
        this.namespace = namespace;
        this.hash = hash;
    }

    static int hash(int keyHash, Object namespace) {
        return 31 * keyHash + namespace.hashCode();
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StateKey other)) {
            return false;
        }
        return hash == other.hash && key.equals(other.key) && namespace.equals(other.namespace);
    }
}

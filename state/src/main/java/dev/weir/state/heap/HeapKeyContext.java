package dev.weir.state.heap;

import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.keys.KeyGroups;
import java.util.Objects;

/**
 * The current key of a heap backend, with what every state access needs precomputed once per
 * {@link #setCurrentKey}: the key's hash and the index of its key group in this backend's range.
 */
final class HeapKeyContext {
    private final int maxParallelism;
    private final KeyGroupRange range;
    private final StateKeyProbe probe = new StateKeyProbe();
    private Object key;
    private int keyHash;
    private int groupIndex;

    HeapKeyContext(int maxParallelism, KeyGroupRange range) {
        this.maxParallelism = maxParallelism;
        this.range = Objects.requireNonNull(range, "range is null");
    }

    void setCurrentKey(Object newKey) {
        Objects.requireNonNull(newKey, "key is null");
        int hash = newKey.hashCode();
        int group = KeyGroups.computeKeyGroupForHash(hash, maxParallelism);
        if (!range.contains(group)) {
            throw new IllegalArgumentException("Key " + newKey + " is in key group " + group
                    + ", outside this backend's range " + range + "; the record was routed to the wrong subtask.");
        }
        key = newKey;
        keyHash = hash;
        groupIndex = group - range.start();
    }

    Object key() {
        return key;
    }

    int groupIndex() {
        return groupIndex;
    }

    int groupCount() {
        return range.size();
    }

    int firstGroup() {
        return range.start();
    }

    /** The reusable probe for (current key, namespace); valid until the next call. */
    StateKeyProbe probe(Object namespace) {
        if (key == null) {
            throw new IllegalStateException("State accessed before setCurrentKey");
        }
        StateKeyProbe p = probe;
        p.key = key;
        p.namespace = Objects.requireNonNull(namespace, "namespace is null");
        p.hash = StateKey.hash(keyHash, namespace);
        return p;
    }

    /** A stored key for (current key, namespace), after {@link #probe} computed the hash. */
    StateKey newStateKey(StateKeyProbe p) {
        return new StateKey(p.key, p.namespace, p.hash);
    }

    static StateKey stateKey(Object key, Object namespace) {
        return new StateKey(key, namespace, StateKey.hash(key.hashCode(), namespace));
    }
}

package dev.weir.core.keys;

/**
 * Maps keys to key groups and key groups to subtasks. A key's group never changes, so state
 * can be redistributed by key-group ranges when the parallelism changes.
 */
public final class KeyGroups {
    public static final int DEFAULT_MAX_PARALLELISM = 128;

    private KeyGroups() {
    }

    /**
     * The key group of {@code key}. Its {@code hashCode()} must be the same in every JVM (as for
     * String, Long and {@link dev.weir.core.Row}): key groups are stored in checkpoints.
     */
    public static int assignToKeyGroup(Object key, int maxParallelism) {
        return computeKeyGroupForHash(key == null ? 0 : key.hashCode(), maxParallelism);
    }

    public static int computeKeyGroupForHash(int hash, int maxParallelism) {
        return Math.floorMod(murmurMix(hash), maxParallelism);
    }

    /** The range of key groups owned by subtask {@code index} of {@code parallelism}. */
    public static KeyGroupRange rangeForSubtask(int maxParallelism, int parallelism, int index) {
        int start = (index * maxParallelism + parallelism - 1) / parallelism;
        int end = ((index + 1) * maxParallelism - 1) / parallelism;
        return new KeyGroupRange(start, end);
    }

    public static int subtaskForKeyGroup(int maxParallelism, int parallelism, int keyGroup) {
        return keyGroup * parallelism / maxParallelism;
    }

    /** Murmur3 finalizer: spreads poor hash codes (small sequential longs) over all groups. */
    static int murmurMix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}

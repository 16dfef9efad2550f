package dev.weir.core.keys;

/** An inclusive range of key groups {@code [start, end]}. */
public record KeyGroupRange(int start, int end) {
    public KeyGroupRange {
        if (start < 0 || end < start - 1) {
            throw new IllegalArgumentException("Bad key-group range [" + start + ", " + end + "]");
        }
    }

    public static KeyGroupRange all(int maxParallelism) {
        return new KeyGroupRange(0, maxParallelism - 1);
    }

    public boolean contains(int keyGroup) {
        return keyGroup >= start && keyGroup <= end;
    }

    public int size() {
        return end - start + 1;
    }
}

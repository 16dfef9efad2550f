package dev.weir.connectors.datagen;

/**
 * SplitMix64 hashing: the random value of (field, row) is a pure function, which is what makes
 * the datagen source replay exactly after a restore.
 */
final class Hashing {
    /** Fixed seed, so two runs with the same options produce the same random values. */
    static final long SEED = 0x5EED_0F_7E1A_2024L;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Hashing() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A per-field, per-purpose salt. */
    static long salt(int fieldIndex, long purpose) {
        return mix(SEED + fieldIndex * 0xD1B54A32D192ED03L + purpose * GOLDEN);
    }

    /** The hash of row {@code row} for a salt. */
    static long of(long salt, long row) {
        return mix(salt + row * GOLDEN);
    }

    /** A uniform double in [0, 1). */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** A uniform long in [min, max] (inclusive); tiny modulo bias is fine for test data. */
    static long between(long hash, long min, long max) {
        long span = max - min + 1;
        if (span <= 0) {
            // the full 64-bit range (or an overflowed span): any hash value fits
            return span == 0 ? hash : min + Long.remainderUnsigned(hash, span);
        }
        return min + Long.remainderUnsigned(hash, span);
    }
}

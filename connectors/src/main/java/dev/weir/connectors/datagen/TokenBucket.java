package dev.weir.connectors.datagen;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A non-blocking token bucket: callers ask for up to n tokens per poll and get what has
 * accrued, so the source never sleeps per row. Over any interval of t seconds at most
 * {@code capacity + rate * t} tokens are granted.
 */
final class TokenBucket {
    private final double tokensPerNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastNanos;

    TokenBucket(double ratePerSecond, long capacity, LongSupplier nanoClock) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        this.tokensPerNano = ratePerSecond / 1e9;
        this.capacity = Math.max(1, capacity);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock is null");
        this.tokens = this.capacity;
        this.lastNanos = nanoClock.getAsLong();
    }

    /** Takes up to {@code wanted} tokens and returns how many were taken (possibly 0). */
    long acquireUpTo(long wanted) {
        long now = nanoClock.getAsLong();
        long elapsed = now - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            lastNanos = now;
        }
        long granted = Math.min(wanted, (long) tokens);
        tokens -= granted;
        return granted;
    }
}

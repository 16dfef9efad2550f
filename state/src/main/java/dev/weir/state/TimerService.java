package dev.weir.state;

/**
 * Event-time timers per (key, namespace, timestamp). Registering the same timer twice keeps
 * one. Timers are part of the snapshot.
 */
public interface TimerService<N> {
    /** Registers a timer for the backend's current key. */
    void registerEventTimeTimer(N namespace, long timestamp);

    void deleteEventTimeTimer(N namespace, long timestamp);

    /**
     * Fires, in timestamp order, every timer with {@code timestamp <= watermark}, removing it and
     * setting the backend's current key to the timer's key before calling back. Timers registered
     * during a callback at or below the watermark fire in the same call.
     */
    void advanceWatermark(long watermark, Callback<N> callback) throws Exception;

    /** Number of registered timers, for metrics and tests. */
    int size();

    /** Called for each firing timer. */
    @FunctionalInterface
    interface Callback<N> {
        void onTimer(Object key, N namespace, long timestamp) throws Exception;
    }
}

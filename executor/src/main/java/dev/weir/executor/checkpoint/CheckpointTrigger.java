package dev.weir.executor.checkpoint;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Requests a checkpoint every interval. The timer thread only raises a flag; the task thread
 * takes the checkpoint between two polls of the source, so operator state needs no locking.
 * A request that arrives while one is still pending is merged into it.
 */
public final class CheckpointTrigger implements AutoCloseable {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final ScheduledExecutorService timer;

    /** @param intervalMillis the checkpoint interval, or null for no periodic checkpoints */
    public CheckpointTrigger(Long intervalMillis, String jobName) {
        if (intervalMillis == null) {
            timer = null;
            return;
        }
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("checkpoint interval must be positive: " + intervalMillis);
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weir-checkpoint-timer-" + jobName);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> requested.set(true), intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** True once per request; cheap when nothing is pending (one volatile read). */
    public boolean takeRequest() {
        return requested.get() && requested.compareAndSet(true, false);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}

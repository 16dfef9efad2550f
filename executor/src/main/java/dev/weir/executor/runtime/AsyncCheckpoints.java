package dev.weir.executor.runtime;

import dev.weir.executor.checkpoint.CheckpointMetadata;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.checkpoint.FileTrees;
import dev.weir.state.PendingSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous parts of a parallelism-1 task's checkpoints. After the task thread took a
 * checkpoint's synchronous part (source positions, operator state captured, the sinks' committables)
 * it hands the rest here: one snapshot thread, in checkpoint order, finishes the keyed-state files
 * ({@link PendingSnapshot#complete}), then checksums, stores and fsyncs everything and writes
 * {@code _metadata} ({@link CheckpointStorage#complete}). The task thread learns of the end through
 * {@link #pollEnded} between two source polls, and only then tells its operators (the sinks commit):
 * never before {@code _metadata} is durable, and in checkpoint order.
 *
 * <p>An abort (timeout, the job ending) never waits for the snapshot thread: it marks the checkpoint
 * aborted and interrupts the thread if it is working on that checkpoint; the snapshot thread then
 * deletes the directory itself, once it no longer writes into it. A checkpoint that already began
 * writing {@code _metadata} is not aborted any more; it completes. Everything but the snapshot
 * thread's own work runs on the task thread.
 */
final class AsyncCheckpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncCheckpoints.class);
    private static final int RUNNING = 0;
    private static final int COMPLETING = 1;
    private static final int ABORTED = 2;

    private final CheckpointStorage storage;
    private final String jobName;
    private final List<String> statefulIds;
    private final ExecutorService thread;
    /** Checkpoints handed over and not ended yet (aborted ones included until their directory is gone); task thread. */
    private final TreeMap<Long, InFlight> inFlight = new TreeMap<>();
    private final ConcurrentLinkedQueue<InFlight> ended = new ConcurrentLinkedQueue<>();
    /** Guards {@link #running} and the delivery of interrupts, so an abort never interrupts another checkpoint. */
    private final Object interruptLock = new Object();
    private InFlight running;
    private Thread runner;

    AsyncCheckpoints(CheckpointStorage storage, String jobName, List<String> statefulIds) {
        this.storage = storage;
        this.jobName = jobName;
        this.statefulIds = List.copyOf(statefulIds);
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "weir-snapshot-" + jobName);
            t.setDaemon(true);
            return t;
        });
    }

    /** One checkpoint between the end of its synchronous part and its end. */
    final class InFlight implements Runnable {
        final long id;
        final Path dir;
        final long startNanos;
        final long syncNanos;
        private final List<PendingSnapshot> parts;
        private final byte[] position;
        private final byte[] committable;
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private volatile CheckpointMetadata metadata;
        private volatile Throwable failure;
        /** How long the snapshot thread worked on it, from picking it up to its end (not its wait in the queue). */
        private volatile long asyncNanos;

        InFlight(long id, Path dir, long startNanos, long syncNanos, List<PendingSnapshot> parts, byte[] position,
                byte[] committable) {
            this.id = id;
            this.dir = dir;
            this.startNanos = startNanos;
            this.syncNanos = syncNanos;
            this.parts = new ArrayList<>(parts);
            this.position = position;
            this.committable = committable;
        }

        /** Its {@code _metadata} is durable; null when it was aborted or failed. */
        CheckpointMetadata metadata() {
            return metadata;
        }

        /** The asynchronous part's duration; read after {@link #pollEnded} returned it. */
        long asyncNanos() {
            return asyncNanos;
        }

        /** Why writing it failed (not aborted: the job must fail), or null. */
        Throwable failure() {
            return failure;
        }

        boolean aborted() {
            return state.get() == ABORTED;
        }

        @Override
        public void run() {
            synchronized (interruptLock) {
                running = this;
                runner = Thread.currentThread();
            }
            long began = System.nanoTime();
            try {
                write();
            } finally {
                asyncNanos = System.nanoTime() - began;
                synchronized (interruptLock) {
                    running = null;
                    Thread.interrupted(); // an abort's interrupt must not hit the next checkpoint
                }
                ended.add(this);
            }
        }

        private void write() {
            try {
                for (int i = 0; i < parts.size() && state.get() == RUNNING; i++) {
                    parts.get(i).complete();
                    parts.set(i, PendingSnapshot.DONE);
                }
                // past this point an abort no longer applies: _metadata is being written
                if (state.compareAndSet(RUNNING, COMPLETING)) {
                    metadata = storage.complete(dir, jobName, id, System.currentTimeMillis(), position, committable,
                            statefulIds);
                    return;
                }
            } catch (Throwable t) {
                if (state.get() != ABORTED) {
                    failure = t;
                    discardParts();
                    return;
                }
                // aborted meanwhile: the interrupt (or the deleted directory) made it fail
            }
            discardParts();
            Thread.interrupted();
            try {
                FileTrees.deleteRecursively(dir);
            } catch (IOException e) {
                // without _metadata it is never restored; retention removes it after a later checkpoint
                LOG.warn("Job '{}': cannot delete aborted checkpoint {}: {}", jobName, dir, e.toString());
            }
        }

        private void discardParts() {
            for (PendingSnapshot part : parts) {
                part.discard();
            }
        }

        /** Marks it aborted unless it is already writing {@code _metadata}; true when this call aborted it. */
        boolean abort() {
            if (!state.compareAndSet(RUNNING, ABORTED)) {
                return false;
            }
            synchronized (interruptLock) {
                if (running == this) {
                    runner.interrupt();
                }
            }
            return true;
        }
    }

    /** Hands a checkpoint's asynchronous part to the snapshot thread. */
    InFlight start(long id, Path dir, long startNanos, long syncNanos, List<PendingSnapshot> parts, byte[] position,
            byte[] committable) {
        InFlight checkpoint = new InFlight(id, dir, startNanos, syncNanos, parts, position, committable);
        inFlight.put(id, checkpoint);
        thread.execute(checkpoint);
        return checkpoint;
    }

    /** Checkpoints in flight that were not aborted: what {@code max-concurrent-checkpoints} limits. */
    int activeCount() {
        int n = 0;
        for (InFlight c : inFlight.values()) {
            if (!c.aborted()) {
                n++;
            }
        }
        return n;
    }

    boolean isEmpty() {
        return inFlight.isEmpty();
    }

    /** Ids whose directories are still in use (retention must leave them alone). */
    Set<Long> inFlightIds() {
        return new HashSet<>(inFlight.keySet());
    }

    /** The next checkpoint whose asynchronous part ended (completed, aborted or failed), in checkpoint order. */
    InFlight pollEnded() {
        InFlight c = ended.poll();
        if (c != null) {
            inFlight.remove(c.id);
        }
        return c;
    }

    /** Aborts the checkpoints running longer than {@code timeoutNanos}; returns those this call aborted. */
    List<InFlight> abortTimedOut(long nowNanos, long timeoutNanos) {
        List<InFlight> aborted = null;
        for (InFlight c : inFlight.values()) {
            if (nowNanos - c.startNanos > timeoutNanos && c.abort()) {
                if (aborted == null) {
                    aborted = new ArrayList<>(1);
                }
                aborted.add(c);
            }
        }
        return aborted == null ? List.of() : aborted;
    }

    /** Aborts every checkpoint in flight (the job is ending without them). */
    void abortAll() {
        for (InFlight c : inFlight.values()) {
            c.abort();
        }
    }

    /** Waits up to {@code nanos} for the next asynchronous part to end; true if one ended (or none is left). */
    boolean awaitEnded(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (ended.isEmpty() && !inFlight.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(1)));
        }
        return true;
    }

    /** Aborts what is still in flight and waits (bounded) for the snapshot thread to clean up. */
    @Override
    public void close() {
        abortAll();
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Job '{}': the snapshot thread did not stop within 30 s; leaving it behind", jobName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.weir.executor.runtime;

import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.executor.checkpoint.CheckpointMetadata;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.checkpoint.FileTrees;
import dev.weir.executor.checkpoint.Savepoints;
import dev.weir.state.PendingSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints and savepoints of a parallelism-1 job, on its task thread between two source polls:
 * takes a checkpoint's synchronous part at the barrier and hands the rest to {@link AsyncCheckpoints},
 * learns of their ends (the sinks commit then, in checkpoint order), aborts those over
 * {@code execution.checkpointing.timeout}, enforces {@code min-pause} and {@code max-concurrent-checkpoints},
 * takes savepoints whole, and keeps the completed checkpoints' figures for the job's metrics.
 */
final class LocalCheckpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCheckpoints.class);
    private static final int MAX_CHECKPOINT_STATS = 32;

    private final LocalPipeline pipeline;
    private final CheckpointStorage storage;
    private final Configuration config;
    private final JobHandle handle;
    private final String jobName;
    private final List<String> statefulIds;
    /** Publishes the job's metrics (after each completed checkpoint). */
    private final Runnable publishMetrics;
    private final Deque<CheckpointStats> checkpointStats = new ArrayDeque<>();
    private final long checkpointTimeoutNanos;
    private final long minPauseNanos;
    private final int maxConcurrentCheckpoints;
    /** Checkpoints whose asynchronous part runs on the snapshot thread. */
    private final AsyncCheckpoints asyncCheckpoints;
    private long nextCheckpointId;
    private long completedCheckpoints;
    /** Checkpoints that took longer than execution.checkpointing.timeout and were dropped. */
    private long abortedCheckpoints;
    /** System.nanoTime() before which no periodic checkpoint starts (min-pause after the last one). */
    private long nextCheckpointEarliest;

    /** @param firstId the id of the first checkpoint (or savepoint) this run takes */
    LocalCheckpoints(LocalPipeline pipeline, CheckpointStorage storage, Configuration config, JobHandle handle,
            List<String> statefulIds, long firstId, Runnable publishMetrics) {
        this.pipeline = pipeline;
        this.storage = storage;
        this.config = config;
        this.handle = handle;
        this.jobName = handle.jobName();
        this.statefulIds = List.copyOf(statefulIds);
        this.publishMetrics = publishMetrics;
        this.nextCheckpointId = firstId;
        this.checkpointTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.get(ExecutionOptions.CHECKPOINTING_TIMEOUT));
        this.minPauseNanos = TimeUnit.MILLISECONDS.toNanos(config.get(ExecutionOptions.CHECKPOINTING_MIN_PAUSE));
        this.maxConcurrentCheckpoints = Math.max(1, config.get(ExecutionOptions.CHECKPOINTING_MAX_CONCURRENT));
        this.nextCheckpointEarliest = System.nanoTime();
        this.asyncCheckpoints = new AsyncCheckpoints(storage, jobName, this.statefulIds);
    }

    /** Checkpoints and savepoints completed by this run. */
    long completedCount() {
        return completedCheckpoints;
    }

    /** The most recent completed checkpoints, oldest first (bounded). */
    List<CheckpointStats> stats() {
        return new ArrayList<>(checkpointStats);
    }

    /**
     * A savepoint into its own directory (files copied out of the staging directory, so nothing is
     * shared with checkpoints or RocksDB). A stopping one is committed like a checkpoint and the job
     * stops right after it; otherwise, as in Flink, it commits nothing — the job's next checkpoint
     * does, and a job resumed from it commits what is pending in it — and the job goes on.
     */
    void savepoint(JobHandle.SavepointRequest request) {
        long checkpointId = nextCheckpointId++;
        long start = System.nanoTime();
        Path staging = null;
        try {
            Path target = Savepoints.directory(request.root(ExecutionOptions.savepointRoot(config)), jobName,
                    checkpointId);
            staging = Savepoints.createStaging(target);
            byte[] position = pipeline.snapshotState(staging, checkpointId);
            byte[] committable = pipeline.snapshotSink(staging, checkpointId);
            Savepoints.copyFromStaging(staging, target);
            CheckpointMetadata meta = storage.complete(target, jobName, checkpointId, System.currentTimeMillis(),
                    position, committable, statefulIds);
            if (request.stop()) {
                pipeline.notifyCheckpointComplete(checkpointId);
            }
            completedCheckpoints++;
            // all of a savepoint at parallelism 1 runs on the task thread: nothing is asynchronous
            recordCheckpoint(checkpointId, start, System.nanoTime() - start, 0, meta);
            LOG.info(request.stop() ? "Job '{}' took savepoint {} and stops" : "Job '{}' took savepoint {}; it goes on",
                    jobName, target);
            request.result().complete(target);
        } catch (Exception e) {
            if (staging != null) {
                try {
                    FileTrees.deleteRecursively(staging);
                } catch (IOException x) {
                    LOG.warn("Job '{}': cannot delete savepoint staging directory {}: {}", jobName, staging, x.toString());
                }
            }
            // A stopping job stops either way (the user asked it to); the checkpoints stay for a plain resume.
            request.result().completeExceptionally(new WeirException("Job '" + jobName + "' could not take its"
                    + " savepoint: " + e.getMessage() + (request.stop() ? ". It stopped; its latest checkpoint is kept."
                            : ". It goes on running."), e));
        }
    }

    /**
     * Whether a requested checkpoint may start now: fewer than {@code max-concurrent-checkpoints} are in
     * flight and {@code min-pause} has passed since the last one ended (with a pause, as in Flink, one
     * at a time). A request that may not start yet stays pending.
     */
    boolean mayStart() {
        int active = asyncCheckpoints.activeCount();
        return active < maxConcurrentCheckpoints && (minPauseNanos == 0 || active == 0)
                && System.nanoTime() - nextCheckpointEarliest >= 0;
    }

    /**
     * The synchronous part of the next checkpoint, at the barrier: source positions, every
     * operator's state captured (keyed backends take only their synchronous part, see
     * {@link dev.weir.executor.operators.DeferredSnapshots}), then the sinks' committables. The rest runs on the snapshot thread
     * ({@link AsyncCheckpoints}) while this thread goes back to processing rows; the sinks commit when
     * {@link #endedCheckpoints} learns that {@code _metadata} is durable.
     */
    void checkpoint() throws Exception {
        long checkpointId = nextCheckpointId++;
        long start = System.nanoTime();
        Path dir = storage.createCheckpointDir(checkpointId);
        byte[] position;
        byte[] committable = null;
        List<PendingSnapshot> parts;
        pipeline.deferredSnapshots.begin();
        try {
            position = pipeline.snapshotState(dir, checkpointId);
            if (System.nanoTime() - start <= checkpointTimeoutNanos) {
                committable = pipeline.snapshotSink(dir, checkpointId);
            }
        } catch (Exception | Error e) {
            for (PendingSnapshot part : pipeline.deferredSnapshots.end()) {
                part.discard();
            }
            throw e;
        }
        parts = pipeline.deferredSnapshots.end();
        long syncNanos = System.nanoTime() - start;
        if (syncNanos > checkpointTimeoutNanos) {
            // Already too late: not kept. The sinks have not handed over their output (it was checked
            // before they were asked), so it stays pending for the next checkpoint.
            for (PendingSnapshot part : parts) {
                part.discard();
            }
            abort(checkpointId, dir, syncNanos);
            nextCheckpointEarliest = System.nanoTime() + minPauseNanos;
            return;
        }
        asyncCheckpoints.start(checkpointId, dir, start, syncNanos, parts, position, committable);
    }

    /**
     * Handles the checkpoints whose asynchronous part ended, in checkpoint order: a completed one is
     * durable, so the operators are told (the sinks commit) unless {@code notify} is false (the job
     * finished: its sinks committed everything already); a failed one fails the job. Then aborts those
     * over {@code execution.checkpointing.timeout}, without waiting for them.
     */
    void endedCheckpoints(boolean notify) throws Exception {
        AsyncCheckpoints.InFlight ended;
        while ((ended = asyncCheckpoints.pollEnded()) != null) {
            if (ended.failure() != null) {
                Throwable failure = ended.failure();
                throw failure instanceof Exception e ? e : new IllegalStateException(failure);
            }
            CheckpointMetadata meta = ended.metadata();
            if (meta == null) {
                continue; // aborted; counted when it was aborted
            }
            // Only now is the checkpoint durable, so only now may external side effects happen.
            if (notify) {
                pipeline.notifyCheckpointComplete(ended.id);
            }
            storage.applyRetention(asyncCheckpoints.inFlightIds());
            completedCheckpoints++;
            recordCheckpoint(ended.id, ended.startNanos, ended.syncNanos, ended.asyncNanos(), meta);
            long now = System.nanoTime();
            nextCheckpointEarliest = now + minPauseNanos;
            LOG.debug("Job '{}': checkpoint {} held the task thread {} ms of {} ms", jobName, ended.id,
                    TimeUnit.NANOSECONDS.toMillis(ended.syncNanos),
                    TimeUnit.NANOSECONDS.toMillis(now - ended.startNanos));
            if (now - ended.startNanos > checkpointTimeoutNanos) {
                // it was already writing _metadata when its time ran out: a checkpoint that durable is kept
                LOG.warn("Job '{}': checkpoint {} took longer than execution.checkpointing.timeout ({} ms) while its"
                        + " metadata was written; it completed", jobName, ended.id,
                        TimeUnit.NANOSECONDS.toMillis(checkpointTimeoutNanos));
            }
            publishMetrics.run();
        }
        long now = System.nanoTime();
        for (AsyncCheckpoints.InFlight aborted : asyncCheckpoints.abortTimedOut(now, checkpointTimeoutNanos)) {
            abortedCheckpoints++;
            handle.abortedCheckpoints(abortedCheckpoints);
            nextCheckpointEarliest = now + minPauseNanos;
            LOG.warn("Job '{}': checkpoint {} did not complete within execution.checkpointing.timeout ({} ms); aborted"
                    + " (its files deleted), the job goes on", jobName, aborted.id,
                    TimeUnit.NANOSECONDS.toMillis(checkpointTimeoutNanos));
        }
    }

    /** Waits until no checkpoint is in flight, handling each as it ends (timeouts still apply). */
    void drainCheckpoints(boolean notify) throws Exception {
        while (!asyncCheckpoints.isEmpty()) {
            asyncCheckpoints.awaitEnded(TimeUnit.MILLISECONDS.toNanos(10));
            endedCheckpoints(notify);
        }
    }

    /**
     * The job left its loop: a finished job lets its checkpoints in flight complete (without commits,
     * its sinks committed everything when their input ended); a cancelled one aborts them.
     */
    void endCheckpoints(JobStatus status) throws Exception {
        if (status == JobStatus.FINISHED) {
            drainCheckpoints(false);
        } else {
            asyncCheckpoints.abortAll();
        }
    }

    /** A checkpoint that took longer than the timeout: deleted, not counted, never restored; the job goes on. */
    private void abort(long checkpointId, Path dir, long elapsedNanos) {
        abortedCheckpoints++;
        handle.abortedCheckpoints(abortedCheckpoints);
        LOG.warn("Job '{}': checkpoint {} took {} ms, longer than execution.checkpointing.timeout ({} ms); aborted"
                + " (its files deleted), the job goes on", jobName, checkpointId,
                TimeUnit.NANOSECONDS.toMillis(elapsedNanos), TimeUnit.NANOSECONDS.toMillis(checkpointTimeoutNanos));
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException e) {
            // without _metadata it is never restored; retention removes what is left
            LOG.warn("Job '{}': cannot delete aborted checkpoint {}: {}", jobName, dir, e.toString());
        }
    }

    private void recordCheckpoint(long checkpointId, long startNanos, long syncNanos, long asyncNanos,
            CheckpointMetadata meta) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        if (checkpointStats.size() == MAX_CHECKPOINT_STATS) {
            checkpointStats.removeFirst();
        }
        checkpointStats.addLast(new CheckpointStats(checkpointId, millis, meta.stateSizeBytes(),
                meta.incrementalSizeBytes(), 0, TimeUnit.NANOSECONDS.toMillis(syncNanos),
                TimeUnit.NANOSECONDS.toMillis(asyncNanos)));
        LOG.debug("Job '{}' completed checkpoint {} in {} ms ({} bytes)", jobName, checkpointId, millis,
                meta.stateSizeBytes());
    }

    /** Aborts what is still in flight and waits (bounded) for the snapshot thread to clean up. */
    @Override
    public void close() {
        asyncCheckpoints.close();
    }
}

package dev.weir.executor.runtime;

import dev.weir.core.WeirException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A running (or ended) local job: wait for it, cancel it, take savepoints, read its live metrics. Thread-safe. */
public final class JobHandle {
    private final String jobName;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile JobMetrics metrics = JobMetrics.EMPTY;
    private volatile JobResult result;
    private volatile boolean cancelRequested;
    private volatile long abortedCheckpoints;
    /** Savepoints asked for and not yet taken by the task, in request order. */
    private final Queue<SavepointRequest> savepointRequests = new ConcurrentLinkedQueue<>();
    /** Every request whose future is not done yet, failed when the job ends; guarded by {@code this}. */
    private final List<SavepointRequest> openSavepoints = new ArrayList<>();
    /** The one stop-with-savepoint request (repeated asks share it); guarded by {@code this}. */
    private SavepointRequest stopRequest;

    /**
     * A savepoint the user asked for.
     *
     * @param directory where {@code savepoint-<job>-<n>} goes; null for the job's
     *                  {@code execution.checkpointing.savepoint-dir}
     * @param stop      whether the job commits its output up to the savepoint and stops after it
     * @param result    completes with the savepoint's directory, or exceptionally
     */
    record SavepointRequest(Path directory, boolean stop, CompletableFuture<Path> result) {
        /** The directory the savepoint goes to: the one asked for, else {@code configured}. */
        Path root(Path configured) {
            return directory == null ? configured : directory;
        }
    }

    JobHandle(String jobName) {
        this.jobName = Objects.requireNonNull(jobName, "jobName is null");
    }

    public String jobName() {
        return jobName;
    }

    /** Blocks until the job ends. */
    public JobResult await() throws InterruptedException {
        done.await();
        return result;
    }

    /** Waits at most the given time; empty if the job is still running. */
    public Optional<JobResult> await(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit) ? Optional.of(result) : Optional.empty();
    }

    /**
     * Asks the job to stop at the next poll of its source. Uncommitted output is abandoned and the
     * checkpoints are kept, so the next run of the same job resumes from the latest one.
     */
    public void cancel() {
        cancelRequested = true;
    }

    /** As {@link #stopWithSavepoint(Path)} into the job's {@code execution.checkpointing.savepoint-dir}. */
    public CompletableFuture<Path> stopWithSavepoint() {
        return stopWithSavepoint(null);
    }

    /**
     * Asks the job to take a savepoint into {@code directory} (null: its
     * {@code execution.checkpointing.savepoint-dir}) at the next poll of its source and then stop,
     * its output up to the savepoint committed. The future completes with the savepoint's
     * directory, or exceptionally when the job ends without one. Asking again returns the same future.
     */
    public synchronized CompletableFuture<Path> stopWithSavepoint(Path directory) {
        if (stopRequest == null) {
            stopRequest = request(directory, true);
        }
        return stopRequest.result();
    }

    /**
     * Asks the job to take a savepoint into {@code directory} (null: its
     * {@code execution.checkpointing.savepoint-dir}) and to go on running, as Flink's
     * {@code flink savepoint JOB [DIR]}. As in Flink, the savepoint commits no output: the job's
     * next checkpoint does, and a job resumed from the savepoint commits the output pending in it.
     * The future completes with the savepoint's directory, or exceptionally when it could not be
     * taken (the job goes on) or the job ended first.
     */
    public synchronized CompletableFuture<Path> triggerSavepoint(Path directory) {
        return request(directory, false).result();
    }

    /** Must hold the lock. */
    private SavepointRequest request(Path directory, boolean stop) {
        SavepointRequest r = new SavepointRequest(directory == null ? null : directory.toAbsolutePath().normalize(),
                stop, new CompletableFuture<>());
        JobResult ended = result;
        if (ended != null) {
            r.result().completeExceptionally(endedWithoutSavepoint(ended));
            return r;
        }
        openSavepoints.removeIf(open -> open.result().isDone());
        openSavepoints.add(r);
        savepointRequests.add(r);
        return r;
    }

    public JobStatus status() {
        JobResult r = result;
        return r == null ? JobStatus.RUNNING : r.status();
    }

    /** The latest metrics snapshot (refreshed several times a second while running). */
    public JobMetrics metrics() {
        return metrics;
    }

    /**
     * How many checkpoints (and savepoints) were aborted so far because they took longer than
     * {@code execution.checkpointing.timeout}; an aborted checkpoint's files are deleted and the job goes on.
     */
    public long abortedCheckpoints() {
        return abortedCheckpoints;
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    /** The oldest savepoint request the task has not taken yet, or null. */
    SavepointRequest nextSavepointRequest() {
        return savepointRequests.poll();
    }

    void abortedCheckpoints(long count) {
        abortedCheckpoints = count;
    }

    void publish(JobMetrics latest) {
        metrics = latest;
    }

    void complete(JobResult finalResult) {
        metrics = finalResult.metrics();
        synchronized (this) {
            result = finalResult;
            for (SavepointRequest r : openSavepoints) {
                r.result().completeExceptionally(endedWithoutSavepoint(finalResult)); // no-op when done
            }
            openSavepoints.clear();
            savepointRequests.clear();
        }
        done.countDown();
    }

    private WeirException endedWithoutSavepoint(JobResult ended) {
        Throwable cause = ended.failureCause();
        return new WeirException("Job '" + jobName + "' ended (" + ended.status() + ") without taking a savepoint"
                + (cause == null ? "." : ": " + cause.getMessage()), cause);
    }
}

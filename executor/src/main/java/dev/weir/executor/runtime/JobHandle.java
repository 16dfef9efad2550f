package dev.weir.executor.runtime;

import dev.weir.core.WeirException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A running (or ended) local job: wait for it, cancel it, read its live metrics. Thread-safe. */
public final class JobHandle {
    private final String jobName;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile JobMetrics metrics = JobMetrics.EMPTY;
    private volatile JobResult result;
    private volatile boolean cancelRequested;
    private final AtomicBoolean savepointRequested = new AtomicBoolean();
    private final CompletableFuture<Path> savepoint = new CompletableFuture<>();

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

    /**
     * Asks the job to take a savepoint (see {@code execution.checkpointing.savepoint-dir}) at the
     * next poll of its source and then stop, its output up to the savepoint committed. The future
     * completes with the savepoint's directory, or exceptionally when the job ends without one.
     */
    public CompletableFuture<Path> stopWithSavepoint() {
        savepointRequested.set(true);
        return savepoint;
    }

    public JobStatus status() {
        JobResult r = result;
        return r == null ? JobStatus.RUNNING : r.status();
    }

    /** The latest metrics snapshot (refreshed several times a second while running). */
    public JobMetrics metrics() {
        return metrics;
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    /** True once per {@link #stopWithSavepoint()} request. */
    boolean takeSavepointRequest() {
        return savepointRequested.get() && savepointRequested.compareAndSet(true, false);
    }

    void savepointTaken(Path directory) {
        savepoint.complete(directory);
    }

    void savepointFailed(Throwable cause) {
        savepoint.completeExceptionally(cause);
    }

    void publish(JobMetrics latest) {
        metrics = latest;
    }

    void complete(JobResult finalResult) {
        metrics = finalResult.metrics();
        result = finalResult;
        if (!savepoint.isDone()) {
            Throwable cause = finalResult.failureCause();
            savepoint.completeExceptionally(new WeirException("Job '" + jobName + "' ended (" + finalResult.status()
                    + ") without taking a savepoint" + (cause == null ? "." : ": " + cause.getMessage()), cause));
        }
        done.countDown();
    }
}

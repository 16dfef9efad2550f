package dev.weir.server;

import dev.weir.core.WeirException;
import java.nio.file.Path;
import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The jobs a server started, running and ended, in start order. Ended jobs beyond
 * {@link #MAX_ENDED} are forgotten oldest first so a long-lived server stays bounded. Thread-safe.
 */
public final class JobRegistry {
    static final int MAX_ENDED = 200;

    private record Entry(String id, String kind, Instant startTime, String statement, JobHandle handle) {
        JobInfo info() {
            JobStatus status = handle.status();
            return new JobInfo(id, handle.jobName(), kind, status, startTime, statement,
                    status == JobStatus.FAILED ? failureOf(handle) : null, handle.metrics().lastCheckpointText(),
                    handle.metrics().operatorsText());
        }

        private static String failureOf(JobHandle handle) {
            try {
                Throwable cause = handle.await(0, TimeUnit.MILLISECONDS).map(JobResult::failureCause).orElse(null);
                return cause == null ? null : Failures.message(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Records a submitted job and returns its id. */
    String register(String kind, String statement, JobHandle handle) {
        Objects.requireNonNull(handle, "handle is null");
        String id = Long.toString(nextId.getAndIncrement());
        synchronized (entries) {
            entries.put(id, new Entry(id, kind, Instant.now(), statement, handle));
            forgetOldEnded();
        }
        return id;
    }

    /** Every known job, oldest first. */
    public List<JobInfo> list() {
        synchronized (entries) {
            List<JobInfo> all = new ArrayList<>(entries.size());
            for (Entry e : entries.values()) {
                all.add(e.info());
            }
            return all;
        }
    }

    public Optional<JobInfo> get(String id) {
        return entry(id).map(Entry::info);
    }

    /** Asks job {@code id} to stop; an unknown id is a user error naming the known ones. */
    public JobInfo stop(String id) {
        Entry e = existing(id);
        e.handle().cancel();
        return e.info();
    }

    /**
     * Stops job {@code id} with a savepoint (as {@code STOP JOB 'id' WITH SAVEPOINT} in the shell)
     * and returns the savepoint's directory once the job has ended, waiting at most {@code timeoutSeconds}.
     */
    public Path stopWithSavepoint(String id, long timeoutSeconds) throws InterruptedException {
        return stopWithSavepoint(id, null, timeoutSeconds);
    }

    /** As {@link #stopWithSavepoint(String, long)}, into {@code directory} (null: the job's savepoint directory). */
    public Path stopWithSavepoint(String id, Path directory, long timeoutSeconds) throws InterruptedException {
        Entry e = running(id, "STOP JOB '" + id + "' WITH SAVEPOINT");
        Path savepoint = awaitSavepoint(e.handle().stopWithSavepoint(directory), id,
                "STOP JOB '" + id + "' WITH SAVEPOINT", timeoutSeconds, "it is still asked to. SHOW JOBS shows when it"
                        + " stopped.");
        e.handle().await(timeoutSeconds, TimeUnit.SECONDS);
        return savepoint;
    }

    /**
     * Takes a savepoint of running job {@code id} into {@code directory} (null: the job's savepoint
     * directory) and returns its directory, waiting at most {@code timeoutSeconds}; the job goes on.
     */
    public Path triggerSavepoint(String id, Path directory, long timeoutSeconds) throws InterruptedException {
        Entry e = running(id, "SAVEPOINT JOB '" + id + "'");
        return awaitSavepoint(e.handle().triggerSavepoint(directory), id, "SAVEPOINT JOB '" + id + "'",
                timeoutSeconds, "it still takes it; the server's log names it.");
    }

    private static Path awaitSavepoint(CompletableFuture<Path> savepoint, String id, String command,
            long timeoutSeconds, String stillPending) throws InterruptedException {
        try {
            return savepoint.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException x) {
            throw new WeirException(command + " failed: " + x.getCause().getMessage(), x.getCause());
        } catch (TimeoutException x) {
            throw new WeirException("Job " + id + " took no savepoint within " + timeoutSeconds + " s; " + stillPending);
        }
    }

    /** An existing job that is still running; else a user error naming its status. */
    private Entry running(String id, String command) {
        Entry e = existing(id);
        JobStatus status = e.handle().status();
        if (status.isTerminal()) {
            throw new WeirException(command + ": job " + id + " is " + status + "; only a running job takes a"
                    + " savepoint. SHOW JOBS lists the jobs of this server.");
        }
        return e;
    }

    private Entry existing(String id) {
        return entry(id).orElseThrow(() -> new WeirException("No job with id '" + id
                + "'. SHOW JOBS lists the jobs of this server."));
    }

    /** Waits at most {@code timeout} for job {@code id} to end; empty if it is still running. */
    public Optional<JobResult> awaitEnd(String id, long timeout, TimeUnit unit) throws InterruptedException {
        Optional<Entry> e = entry(id);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        return e.get().handle().await(timeout, unit);
    }

    /** Cancels every running job (server shutdown). */
    void cancelAll() {
        synchronized (entries) {
            for (Entry e : entries.values()) {
                e.handle().cancel();
            }
        }
    }

    private Optional<Entry> entry(String id) {
        synchronized (entries) {
            return Optional.ofNullable(entries.get(id == null ? null : id.trim()));
        }
    }

    private void forgetOldEnded() {
        int ended = 0;
        for (Entry e : entries.values()) {
            if (e.handle().status().isTerminal()) {
                ended++;
            }
        }
        Iterator<Entry> it = entries.values().iterator();
        while (ended > MAX_ENDED && it.hasNext()) {
            if (it.next().handle().status().isTerminal()) {
                it.remove();
                ended--;
            }
        }
    }
}

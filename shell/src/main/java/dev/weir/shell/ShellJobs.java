package dev.weir.shell;

import dev.weir.core.WeirException;
import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobMetrics;
import dev.weir.executor.runtime.JobResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The jobs this shell started, for {@code SHOW JOBS} and {@code STOP JOB}. Each job gets a
 * 32-hex-digit id, as Flink's are. A job that fails is reported to {@code notifier} when it
 * happens, by a watcher thread, so a background INSERT's failure is not noticed only at SHOW JOBS.
 */
final class ShellJobs {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** One job: its handle and what SHOW JOBS tells about it. */
    record Entry(String id, String name, String statement, Instant started, JobHandle handle) {
        Entry {
            Objects.requireNonNull(id, "id is null");
            Objects.requireNonNull(handle, "handle is null");
        }
    }

    private final Map<String, Entry> jobs = new ConcurrentHashMap<>();
    private final Consumer<String> notifier;

    /** @param notifier prints a line for the user, above the prompt when one is showing */
    ShellJobs(Consumer<String> notifier) {
        this.notifier = Objects.requireNonNull(notifier, "notifier is null");
    }

    /**
     * Registers a submitted job. With {@code watch}, a daemon thread reports its failure when it
     * happens (for background jobs; the shell reports a job it waits for itself).
     */
    Entry register(String statement, JobHandle handle, boolean watch) {
        String id = UUID.randomUUID().toString().replace("-", "");
        Entry entry = new Entry(id, handle.jobName(), statement, Instant.now(), handle);
        jobs.put(id, entry);
        if (watch) {
            Thread watcher = new Thread(() -> watch(entry), "weir-job-watcher-" + id.substring(0, 8));
            watcher.setDaemon(true);
            watcher.start();
        }
        return entry;
    }

    private void watch(Entry entry) {
        JobResult result;
        try {
            result = entry.handle().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (result.failureCause() != null) {
            notifier.accept("[ERROR] Job " + entry.id() + " ('" + entry.name() + "') failed: "
                    + StatementExecutor.failureMessage(result.failureCause()));
        }
    }

    /** Cancels a job, or asks it to stop with a savepoint; an unknown id is a user error. */
    Entry stop(String id, boolean withSavepoint) {
        Entry entry = find(id);
        if (withSavepoint) {
            entry.handle().stopWithSavepoint();
        } else {
            entry.handle().cancel();
        }
        return entry;
    }

    /** The job with this id; an unknown id is a user error. */
    Entry find(String id) {
        Entry entry = jobs.get(id);
        if (entry == null) {
            throw new WeirException("No job with id '" + id + "'. SHOW JOBS lists the jobs of this shell.");
        }
        return entry;
    }

    /** Cancels every job still running (the shell is leaving). */
    void cancelAll() {
        for (Entry entry : jobs.values()) {
            entry.handle().cancel();
        }
    }

    /** The SHOW JOBS table: oldest first. */
    List<List<String>> rows() {
        List<Entry> entries = new ArrayList<>(jobs.values());
        entries.sort((a, b) -> a.started().compareTo(b.started()));
        List<List<String>> rows = new ArrayList<>();
        for (Entry e : entries) {
            JobMetrics metrics = e.handle().metrics();
            rows.add(List.of(e.id(), e.name(), status(e), TIME.format(e.started()), metrics.lastCheckpointText(),
                    metrics.operatorsText()));
        }
        return rows;
    }

    static List<String> columns() {
        return List.of("job id", "job name", "status", "start time (UTC)", "last checkpoint", "operators");
    }

    private static String status(Entry e) {
        JobHandle handle = e.handle();
        String status = handle.status().name();
        if (handle.status().isTerminal()) {
            try {
                JobResult result = handle.await();
                if (result.failureCause() != null) {
                    return status + ": " + StatementExecutor.failureMessage(result.failureCause());
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        return status;
    }
}

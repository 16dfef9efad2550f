package dev.weir.server;

import dev.weir.connectors.collect.CollectQueue;
import dev.weir.connectors.collect.CollectQueues;
import dev.weir.core.Row;
import dev.weir.core.WeirException;
import dev.weir.core.type.RowType;
import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.avatica.Meta;

/**
 * The server side of one open SELECT result set: its job, the channel the job fills, and the
 * position of the next fetch. A fetch returns as soon as rows are there, or after a bounded wait
 * with an empty frame that is not done — the client then fetches again, so an unbounded query
 * streams through ordinary JDBC {@code next()} calls.
 */
final class QueryCursor {
    private final String queryId;
    private final String jobId;
    private final JobHandle job;
    private final CollectQueue channel;
    private final RowType rowType;
    private final ZoneId sessionZone;
    private final long maxRows;
    private final long fetchWaitMillis;
    private long delivered;
    private volatile boolean closed;
    /** When a fetch last started or ended; -1 while one is in progress. */
    private volatile long idleSinceNanos = System.nanoTime();

    QueryCursor(String queryId, String jobId, JobHandle job, CollectQueue channel, RowType rowType, ZoneId sessionZone,
            long maxRows, long fetchWaitMillis) {
        this.queryId = Objects.requireNonNull(queryId, "queryId is null");
        this.jobId = Objects.requireNonNull(jobId, "jobId is null");
        this.job = Objects.requireNonNull(job, "job is null");
        this.channel = Objects.requireNonNull(channel, "channel is null");
        this.rowType = Objects.requireNonNull(rowType, "rowType is null");
        this.sessionZone = Objects.requireNonNull(sessionZone, "sessionZone is null");
        this.maxRows = maxRows;
        this.fetchWaitMillis = fetchWaitMillis;
    }

    String jobId() {
        return jobId;
    }

    /** The next frame: up to {@code max} rows, waiting at most the fetch wait for the first. */
    synchronized Meta.Frame fetch(long offset, int max) throws InterruptedException {
        idleSinceNanos = -1;
        try {
            return doFetch(offset, max);
        } finally {
            idleSinceNanos = System.nanoTime();
        }
    }

    /** Whether no fetch has run for {@code idleNanos}: the client stopped reading or went away. */
    boolean isIdle(long nowNanos, long idleNanos) {
        long since = idleSinceNanos;
        return since != -1 && nowNanos - since > idleNanos;
    }

    private Meta.Frame doFetch(long offset, int max) throws InterruptedException {
        if (closed) {
            return Meta.Frame.create(offset, true, List.of());
        }
        int limit = max <= 0 ? 100 : max;
        if (maxRows > 0) {
            limit = (int) Math.min(limit, maxRows - delivered);
        }
        List<Row> taken = new ArrayList<>(Math.min(limit, 1024));
        if (limit > 0) {
            channel.take(taken, limit, fetchWaitMillis);
        }
        delivered += taken.size();
        List<Object> rows = new ArrayList<>(taken.size());
        for (Row row : taken) {
            rows.add(toWire(row));
        }
        boolean done;
        if (maxRows > 0 && delivered >= maxRows) {
            // setMaxRows reached: the rest of the query is not wanted.
            close();
            done = true;
        } else if (channel.isExhausted()) {
            done = true;
        } else if (taken.isEmpty() && job.status().isTerminal()) {
            done = endedWithoutMoreRows();
        } else {
            done = false;
        }
        return Meta.Frame.create(offset, done, rows);
    }

    /** The job ended and the channel is empty: a failure becomes the fetch's error. */
    private boolean endedWithoutMoreRows() throws InterruptedException {
        JobResult result = job.await();
        if (result.status() == JobStatus.FAILED) {
            Throwable cause = result.failureCause();
            // No cause attached: Avatica sends the whole cause chain as the message, and the job
            // already logged the stack trace.
            throw new WeirException("The query's job failed: "
                    + (cause == null ? "unknown cause" : Failures.message(cause)));
        }
        return true;
    }

    private Object[] toWire(Row row) {
        int n = rowType.arity();
        Object[] values = new Object[n + 1];
        values[0] = row.kind().shortString();
        for (int i = 0; i < n; i++) {
            values[i + 1] = ResultTypes.toWire(row.field(i), rowType.type(i), sessionZone);
        }
        return values;
    }

    /** Stops the job and releases it if it is blocked on a full channel. Idempotent. */
    void close() {
        closed = true;
        job.cancel();
        channel.close();
        if (job.status().isTerminal()) {
            // Normally the sink unregisters when the job closes it; a job that died before
            // creating its sink never will.
            CollectQueues.unregister(queryId);
        }
    }
}

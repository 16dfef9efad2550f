package dev.weir.executor.runtime;

import java.util.Objects;

/**
 * How a job ended.
 *
 * @param failureCause  why it failed, null unless {@link JobStatus#FAILED}
 * @param rowsWritten   rows written by all sinks together ({@link #rowsWrittenPerSink()} per sink)
 * @param restoredFrom  the checkpoint directory the job resumed from, null when it started fresh
 * @param metrics       the final metrics
 */
public record JobResult(String jobName, JobStatus status, Throwable failureCause, long rowsRead, long rowsWritten,
        long lateRowsDropped, long completedCheckpoints, String restoredFrom, long elapsedMillis,
        JobMetrics metrics) {
    public JobResult {
        Objects.requireNonNull(jobName, "jobName is null");
        Objects.requireNonNull(status, "status is null");
        Objects.requireNonNull(metrics, "metrics is null");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("a job result needs a terminal status, not " + status);
        }
    }

    /** Rows written per sink operator id, in plan order (a statement set has several sinks). */
    public java.util.Map<String, Long> rowsWrittenPerSink() {
        return metrics.rowsWrittenPerSink();
    }
}

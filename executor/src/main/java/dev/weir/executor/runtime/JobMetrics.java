package dev.weir.executor.runtime;

import java.util.List;

/**
 * An immutable snapshot of a job's metrics, published by the task thread a few times a second
 * and at every checkpoint and at the end.
 *
 * @param checkpoints    the most recent completed checkpoints, oldest first (bounded)
 * @param skippedRecords malformed source records skipped (e.g. {@code json.ignore-parse-errors}), all sources
 */
public record JobMetrics(long rowsRead, long rowsWritten, long lateRowsDropped, long completedCheckpoints,
        List<OperatorStats> operators, List<CheckpointStats> checkpoints, long skippedRecords) {
    public static final JobMetrics EMPTY = new JobMetrics(0, 0, 0, 0, List.of(), List.of(), 0);

    public JobMetrics {
        operators = List.copyOf(operators);
        checkpoints = List.copyOf(checkpoints);
    }

    /** Metrics of a job whose sources skipped nothing. */
    public JobMetrics(long rowsRead, long rowsWritten, long lateRowsDropped, long completedCheckpoints,
            List<OperatorStats> operators, List<CheckpointStats> checkpoints) {
        this(rowsRead, rowsWritten, lateRowsDropped, completedCheckpoints, operators, checkpoints, 0);
    }

    /** Short form for the end-of-job log line. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("read=").append(rowsRead).append(", written=").append(rowsWritten)
                .append(", lateDropped=").append(lateRowsDropped).append(", checkpoints=").append(completedCheckpoints);
        if (skippedRecords > 0) {
            sb.append(", skippedMalformed=").append(skippedRecords);
        }
        for (OperatorStats o : operators) {
            sb.append(", ").append(o.operatorId()).append("[in=").append(o.rowsIn()).append(" out=")
                    .append(o.rowsOut());
            if (o.lateRowsDropped() > 0) {
                sb.append(" late=").append(o.lateRowsDropped());
            }
            sb.append(']');
        }
        if (!checkpoints.isEmpty()) {
            CheckpointStats last = checkpoints.get(checkpoints.size() - 1);
            sb.append(", lastCheckpoint=").append(last.checkpointId()).append('(').append(last.durationMillis())
                    .append(" ms, ").append(last.sizeBytes()).append(" B)");
        }
        return sb.toString();
    }
}

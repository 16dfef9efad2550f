package dev.weir.executor.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of a job's metrics, published by the task thread a few times a second
 * and at every checkpoint and at the end.
 *
 * @param checkpoints    the most recent completed checkpoints, oldest first (bounded)
 * @param rowsWritten    rows written by all sinks together
 * @param skippedRecords malformed source records skipped (e.g. {@code json.ignore-parse-errors}), all sources
 * @param rowsWrittenPerSink rows written per sink operator id, in plan order (a plan may have several sinks)
 */
public record JobMetrics(long rowsRead, long rowsWritten, long lateRowsDropped, long completedCheckpoints,
        List<OperatorStats> operators, List<CheckpointStats> checkpoints, long skippedRecords,
        Map<String, Long> rowsWrittenPerSink) {
    public static final JobMetrics EMPTY = new JobMetrics(0, 0, 0, 0, List.of(), List.of(), 0);

    public JobMetrics {
        operators = List.copyOf(operators);
        checkpoints = List.copyOf(checkpoints);
        rowsWrittenPerSink = Collections.unmodifiableMap(new LinkedHashMap<>(rowsWrittenPerSink));
    }

    /** Metrics without a per-sink breakdown. */
    public JobMetrics(long rowsRead, long rowsWritten, long lateRowsDropped, long completedCheckpoints,
            List<OperatorStats> operators, List<CheckpointStats> checkpoints, long skippedRecords) {
        this(rowsRead, rowsWritten, lateRowsDropped, completedCheckpoints, operators, checkpoints, skippedRecords,
                Map.of());
    }

    /** Metrics of a job whose sources skipped nothing. */
    public JobMetrics(long rowsRead, long rowsWritten, long lateRowsDropped, long completedCheckpoints,
            List<OperatorStats> operators, List<CheckpointStats> checkpoints) {
        this(rowsRead, rowsWritten, lateRowsDropped, completedCheckpoints, operators, checkpoints, 0);
    }

    /** Short form for the end-of-job log line. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("read=").append(rowsRead).append(", written=").append(rowsWritten);
        if (rowsWrittenPerSink.size() > 1) {
            sb.append(' ').append(rowsWrittenPerSink);
        }
        sb
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
            if (o.currentWatermark() != Long.MIN_VALUE) {
                sb.append(" watermark=").append(watermarkText(o.currentWatermark()));
            }
            if (o.stateSizeBytes() >= 0) {
                sb.append(" state=").append(Bytes.human(o.stateSizeBytes()));
            }
            sb.append(']');
        }
        if (!checkpoints.isEmpty()) {
            sb.append(", lastCheckpoint=").append(checkpoints.get(checkpoints.size() - 1).describe());
        }
        return sb.toString();
    }

    /** A watermark for people: an ISO instant, or {@code end} for the final +infinity one. */
    public static String watermarkText(long watermark) {
        if (watermark == Long.MAX_VALUE) {
            return "end";
        }
        if (watermark == Long.MIN_VALUE) {
            return "-";
        }
        try {
            return java.time.Instant.ofEpochMilli(watermark).toString();
        } catch (java.time.DateTimeException e) {
            return Long.toString(watermark);
        }
    }

    /** The last completed checkpoint as {@link CheckpointStats#describe()} says it, or {@code -} before the first. */
    public String lastCheckpointText() {
        return checkpoints.isEmpty() ? "-" : checkpoints.get(checkpoints.size() - 1).describe();
    }

    /**
     * One line for a job listing: every operator with a watermark or keyed state, as
     * {@code id: watermark=…, state=…}, separated by {@code ; }; {@code -} when none has either.
     */
    public String operatorsText() {
        StringBuilder sb = new StringBuilder();
        for (OperatorStats o : operators) {
            boolean watermark = o.currentWatermark() != Long.MIN_VALUE;
            boolean state = o.stateSizeBytes() >= 0;
            if (!watermark && !state) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(o.operatorId()).append(':');
            if (watermark) {
                sb.append(" watermark=").append(watermarkText(o.currentWatermark()));
            }
            if (state) {
                sb.append(watermark ? "," : "").append(" state=").append(Bytes.human(o.stateSizeBytes()));
            }
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    /**
     * Per-operator lines for a running job: {@code id: in=…, out=…, late=…, watermark=…, state=…}, then the
     * last checkpoints with their synchronous and asynchronous parts, full and incremental sizes and alignment
     * time.
     */
    public List<String> details() {
        List<String> lines = new java.util.ArrayList<>();
        for (OperatorStats o : operators) {
            StringBuilder sb = new StringBuilder();
            sb.append(o.operatorId()).append(": in=").append(o.rowsIn()).append(", out=").append(o.rowsOut())
                    .append(", late=").append(o.lateRowsDropped())
                    .append(", watermark=").append(watermarkText(o.currentWatermark()))
                    .append(", state=").append(o.stateSizeBytes() < 0 ? "-" : Bytes.human(o.stateSizeBytes()));
            lines.add(sb.toString());
        }
        for (CheckpointStats c : checkpoints) {
            lines.add("checkpoint " + c.describe());
        }
        return lines;
    }
}

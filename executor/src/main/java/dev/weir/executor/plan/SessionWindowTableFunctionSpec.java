package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Objects;

/**
 * The SESSION window table function whose rows are not aggregated (Flink's
 * {@code SELECT * FROM TABLE(SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), gap))}): each row comes
 * out once, with {@code window_start}, {@code window_end} and {@code window_time} ({@code window_end - 1 ms})
 * of its session appended. A session of a partition key is a run of rows whose times are less than the
 * gap apart ({@code [first, last + gap)}); unlike TUMBLE, HOP and CUMULATE a row's window is known only
 * when its session has closed, so rows wait in state until the watermark passes their session's end and
 * then come out, insert-only. A row that could only join a session that has already closed is late:
 * dropped and counted (a {@code LATE_ROWS} table receives it). A row without event time is dropped too.
 *
 * @param keyIndices the PARTITION BY columns (input and output positions are the same); none: one
 *                   global partition, on one subtask
 * @param timeIndex  the rowtime column in the input
 * @param gapMillis  the session gap
 * @param timeZone   the session zone for a TIMESTAMP_LTZ rowtime (sessions on its wall clock), else null
 */
public record SessionWindowTableFunctionSpec(String id, RowType outputType, int[] keyIndices, int timeIndex,
        long gapMillis, ZoneId timeZone) implements OperatorSpec {
    public SessionWindowTableFunctionSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        keyIndices = keyIndices.clone();
        if (gapMillis <= 0) {
            throw new IllegalArgumentException("session gap must be positive");
        }
    }

    @Override
    public int[] keyIndices() {
        return keyIndices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionWindowTableFunctionSpec s && id.equals(s.id) && outputType.equals(s.outputType)
                && Arrays.equals(keyIndices, s.keyIndices) && timeIndex == s.timeIndex && gapMillis == s.gapMillis
                && Objects.equals(timeZone, s.timeZone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, Arrays.hashCode(keyIndices), timeIndex, gapMillis, timeZone);
    }

    @Override
    public String describe() {
        StringBuilder keys = new StringBuilder();
        for (int k : keyIndices) {
            keys.append(keys.length() == 0 ? "" : ", ").append('$').append(k);
        }
        return "WindowTableFunction(partitionBy=[" + keys + "], window=[SESSION(time_col=[$" + timeIndex + "], gap=["
                + gapMillis + " ms]" + (timeZone != null ? ", timeZone=[" + timeZone.getId() + "]" : "") + ")])";
    }

    @Override
    public String stateDescription() {
        StringBuilder keys = new StringBuilder();
        for (int k : keyIndices) {
            keys.append(outputType.field(k).name()).append(", ");
        }
        return "the rows and end of each open session per (" + keys + "session start), one timer per open session;"
                + " rows released and cleared when the watermark passes the session end"
                + (keyIndices.length == 0 ? " (no PARTITION BY: one global partition, on one subtask)" : "");
    }
}

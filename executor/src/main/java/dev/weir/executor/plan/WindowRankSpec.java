package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Objects;

/**
 * Window Top-N and window deduplication (Flink's WindowRank and WindowDeduplicate):
 * {@code ROW_NUMBER() OVER (PARTITION BY window_start, window_end, keys ORDER BY cols) <= N} over a
 * window table function or a window aggregation. Per key and window it keeps the N first rows in
 * the sort order (ties in arrival order, or, with {@code tiesReplace}, the later row first: Flink's
 * keep-last-row deduplication on the rowtime); when the watermark passes the window's end - 1 ms it
 * emits them ({@code +I}, with their rank when {@code outputRank}) and drops the window's state. A
 * row of a fired window is late: dropped and counted. Insert-only.
 *
 * <p>Output columns: the input's columns, then the rank ({@code BIGINT NOT NULL}) when
 * {@code outputRank}.
 *
 * @param keyIndices   the partition columns other than window_start and window_end
 * @param windowEnd    the input's {@code window_end} column
 * @param order        the sort keys over the input's columns
 * @param deduplicate  whether this is a deduplication (N = 1 ordered by the rowtime), for EXPLAIN
 * @param tiesReplace  whether a row equal in the sort order goes before the kept ones
 * @param timeZone     the session zone when the windows are on local time, else null
 */
public record WindowRankSpec(String id, RowType outputType, int[] keyIndices, int windowStart, int windowEnd,
        SortOrder order, long limit, boolean outputRank, boolean deduplicate, boolean tiesReplace, ZoneId timeZone)
        implements OperatorSpec {
    public WindowRankSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        Objects.requireNonNull(order, "order is null");
        keyIndices = keyIndices.clone();
        if (limit < 1) {
            throw new IllegalArgumentException("Top-N needs N >= 1, got " + limit);
        }
    }

    @Override
    public int[] keyIndices() {
        return keyIndices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowRankSpec r && id.equals(r.id) && outputType.equals(r.outputType)
                && Arrays.equals(keyIndices, r.keyIndices) && windowStart == r.windowStart
                && windowEnd == r.windowEnd && order.equals(r.order)
                && limit == r.limit && outputRank == r.outputRank && deduplicate == r.deduplicate
                && tiesReplace == r.tiesReplace && Objects.equals(timeZone, r.timeZone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, Arrays.hashCode(keyIndices), windowStart, windowEnd, order, limit,
                outputRank, deduplicate, tiesReplace, timeZone);
    }

    private String keyNames() {
        StringBuilder keys = new StringBuilder();
        for (int k : keyIndices) {
            keys.append(keys.length() == 0 ? "" : ", ").append(outputType.field(k).name());
        }
        return keys.toString();
    }

    @Override
    public String describe() {
        String window = "window=[start=[" + outputType.field(windowStart).name() + "], end=["
                + outputType.field(windowEnd).name() + "]" + (timeZone != null ? ", timeZone=[" + timeZone.getId()
                + "]" : "") + "]";
        if (deduplicate) {
            return "WindowDeduplicate(keep=[" + (tiesReplace ? "LastRow" : "FirstRow") + "], partitionKeys=["
                    + keyNames() + "], order=[ROWTIME " + outputType.field(order.index(0)).name() + "], " + window
                    + ")";
        }
        return "WindowRank(rankType=[ROW_NUMBER], rankRange=[rankStart=1, rankEnd=" + limit + "], partitionBy=["
                + keyNames() + "], orderBy=[" + order.describe(outputType) + "], " + window + ", select=[*" + (outputRank ? ", w0$o0" : "")
                + "])";
    }

    @Override
    public String stateDescription() {
        String per = keyIndices.length == 0 ? "per window" : "per (" + keyNames() + ") and window";
        if (deduplicate) {
            return "the kept row " + per + ", until the watermark passes the window's end - 1 ms (it is emitted"
                    + " then); rows of fired windows are late and dropped";
        }
        return "the top " + limit + " rows " + per + ", until the watermark passes the window's end - 1 ms (they are"
                + " emitted then); rows of fired windows are late and dropped";
    }
}

package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * OVER aggregation on event time: Flink's {@code agg(x) OVER (PARTITION BY keys ORDER BY rowtime
 * ROWS|RANGE BETWEEN … PRECEDING AND CURRENT ROW)}. Rows are buffered per key until the watermark
 * passes their timestamp, then emitted in timestamp order (insert-only), each with the aggregates
 * over its frame: in ROWS mode the current row and up to {@code preceding} rows before it, in RANGE
 * mode every row with a timestamp in {@code [ts - preceding, ts]} (so rows with equal timestamps
 * see each other). A row whose timestamp is not above the watermark is late: dropped and counted.
 *
 * <p>Ordered by other columns ({@code order} not null, {@code timeIndex} -1; only UNBOUNDED PRECEDING,
 * over an insert-only or updating input): every input row of a partition is kept, change kind
 * erased, sorted by {@code order} (ties in arrival order); each output row is an input row with the
 * aggregates over its frame (ROWS: the rows up to its position; RANGE: every row whose order key is
 * not after its own). The result is updating: a change emits the retractions and additions turning
 * the partition's previous output rows into the new ones.
 *
 * <p>Output columns: the input's columns, then one column per aggregate call.
 *
 * @param keyIndices partition columns in the input
 * @param timeIndex  the rowtime column (the ORDER BY) in the input
 * @param rows       true for a ROWS frame, false for RANGE
 * @param preceding  rows (ROWS) or milliseconds (RANGE) before the current row; -1 for UNBOUNDED
 * @param order      the ORDER BY when it is not the rowtime (then {@code timeIndex} is -1), or null
 */
public record OverAggregateSpec(String id, RowType outputType, int[] keyIndices, int timeIndex, boolean rows,
        long preceding, List<AggregateCall> aggregateCalls, SortOrder order) implements OperatorSpec {
    public OverAggregateSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        keyIndices = keyIndices.clone();
        aggregateCalls = List.copyOf(aggregateCalls);
        if (order == null && (timeIndex < 0 || timeIndex >= outputType.arity())) {
            throw new IllegalArgumentException("time index " + timeIndex + " out of range for " + outputType);
        }
        if (order != null && (timeIndex != -1 || preceding != -1 || order.isEmpty())) {
            throw new IllegalArgumentException("an OVER ordered by other columns has no time index, an UNBOUNDED "
                    + "frame and at least one sort key");
        }
        if (preceding < -1) {
            throw new IllegalArgumentException("preceding must be -1 (unbounded) or >= 0: " + preceding);
        }
    }

    /** An OVER aggregation ordered by the rowtime. */
    public OverAggregateSpec(String id, RowType outputType, int[] keyIndices, int timeIndex, boolean rows,
            long preceding, List<AggregateCall> aggregateCalls) {
        this(id, outputType, keyIndices, timeIndex, rows, preceding, aggregateCalls, null);
    }

    /** Whether the ORDER BY is not the rowtime (an updating result, see the class comment). */
    public boolean nonTimeOrder() {
        return order != null;
    }

    @Override
    public int[] keyIndices() {
        return keyIndices.clone();
    }

    /** Whether the frame reaches back to the partition's first row. */
    public boolean unbounded() {
        return preceding < 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OverAggregateSpec s && id.equals(s.id) && outputType.equals(s.outputType)
                && Arrays.equals(keyIndices, s.keyIndices) && timeIndex == s.timeIndex && rows == s.rows
                && preceding == s.preceding && aggregateCalls.equals(s.aggregateCalls)
                && Objects.equals(order, s.order);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, Arrays.hashCode(keyIndices), timeIndex, rows, preceding, aggregateCalls,
                order);
    }

    @Override
    public String describe() {
        StringBuilder aggs = new StringBuilder();
        for (AggregateCall call : aggregateCalls) {
            aggs.append(aggs.length() == 0 ? "" : ", ").append(call.describe()).append(" AS ").append(call.name());
        }
        String orderBy = order != null ? order.describe(outputType) : "ROWTIME " + outputType.field(timeIndex).name();
        return "OverAggregate(partitionBy=[" + keys() + "], orderBy=[" + orderBy + "], " + frame() + ", select=["
                + aggs + "])";
    }

    private String frame() {
        String lower = preceding < 0 ? "UNBOUNDED PRECEDING"
                : rows ? preceding + " PRECEDING" : preceding + " ms PRECEDING";
        return (rows ? "ROWS" : "RANGE") + " BETWEEN " + lower + " AND CURRENT ROW";
    }

    private String keys() {
        StringBuilder keys = new StringBuilder();
        for (int k : keyIndices) {
            keys.append(keys.length() == 0 ? "" : ", ").append(outputType.field(k).name());
        }
        return keys.toString();
    }

    @Override
    public String stateDescription() {
        if (order != null) {
            return "every input row per (" + keys() + "), sorted by " + order.describe(outputType) + ", kept forever";
        }
        String kept = preceding < 0 ? "the accumulators per (" + keys() + "), kept forever"
                : rows ? "the last " + (preceding + 1) + " rows per (" + keys() + ")"
                        : "the rows of the last " + preceding + " ms per (" + keys() + "), dropped as the frame slides";
        return "rows not yet passed by the watermark per (" + keys() + ", " + outputType.field(timeIndex).name()
                + "), until the watermark passes them; " + kept;
    }
}

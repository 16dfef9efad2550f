package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.List;
import java.util.Objects;

/**
 * Event-time TUMBLE window aggregation, keyed by the grouping columns.
 *
 * <p>A row with rowtime {@code t} belongs to window {@code [start, start + size)} where
 * {@code start = t - floorMod(t - offset, size)}. A window fires once, when the watermark reaches
 * {@code end - 1}, emitting one +I row per key; its state is then cleared. A row whose window
 * has already fired (its {@code end - 1 <= watermark}) is late: dropped and counted.
 *
 * <p>Output columns: the key columns (in {@code keyIndices} order), {@code window_start},
 * {@code window_end} (TIMESTAMP(3)), then one column per aggregate call. The planner adds a Calc
 * to reorder them as the query asks.
 *
 * @param keyIndices    grouping columns in the input
 * @param timeIndex     the rowtime column in the input
 * @param sizeMillis    window size
 * @param offsetMillis  window offset (0 unless the query says otherwise)
 */
public record WindowAggregateSpec(String id, RowType outputType, int[] keyIndices, int timeIndex, long sizeMillis,
        long offsetMillis, List<AggregateCall> aggregateCalls) implements OperatorSpec {
    public WindowAggregateSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        keyIndices = keyIndices.clone();
        aggregateCalls = List.copyOf(aggregateCalls);
        if (sizeMillis <= 0) {
            throw new IllegalArgumentException("window size must be positive");
        }
    }

    @Override
    public int[] keyIndices() {
        return keyIndices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowAggregateSpec w && id.equals(w.id) && outputType.equals(w.outputType)
                && java.util.Arrays.equals(keyIndices, w.keyIndices) && timeIndex == w.timeIndex
                && sizeMillis == w.sizeMillis && offsetMillis == w.offsetMillis
                && aggregateCalls.equals(w.aggregateCalls);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, java.util.Arrays.hashCode(keyIndices), timeIndex, sizeMillis,
                offsetMillis, aggregateCalls);
    }

    @Override
    public String describe() {
        StringBuilder keys = new StringBuilder();
        for (int k : keyIndices) {
            keys.append(keys.length() == 0 ? "" : ", ").append('$').append(k);
        }
        StringBuilder aggs = new StringBuilder();
        for (AggregateCall c : aggregateCalls) {
            aggs.append(aggs.length() == 0 ? "" : ", ").append(c.describe()).append(" AS ").append(c.name());
        }
        return "WindowAggregate(groupBy=[" + keys + "], window=[TUMBLE(time_col=[$" + timeIndex + "], size=["
                + sizeMillis + " ms]" + (offsetMillis != 0 ? ", offset=[" + offsetMillis + " ms]" : "")
                + ")], select=[" + aggs + "])";
    }
}

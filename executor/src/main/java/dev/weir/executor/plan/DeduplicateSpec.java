package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Arrays;
import java.util.Objects;

/**
 * Deduplication on event time: Flink's {@code ROW_NUMBER() OVER (PARTITION BY keys ORDER BY
 * rowtime [ASC|DESC]) = 1}, with mini-batch off. Per key it keeps one row, the first (ASC) or the
 * last (DESC) in event-time order, and emits a changelog: {@code +I} for a key's first row, then
 * {@code -U old} / {@code +U new} whenever a row replaces it. Keep-first replaces the kept row
 * only with a strictly earlier row; keep-last with any row at the same or a later time (as
 * Flink's RowTimeDeduplicateFunction). Rows are never late here: the watermark plays no part.
 *
 * <p>Output columns: the input's columns, unchanged.
 *
 * @param keyIndices partition columns in the input
 * @param timeIndex  the rowtime column (the ORDER BY) in the input
 * @param keepLast   true for {@code ORDER BY ts DESC}, false for ASC
 */
public record DeduplicateSpec(String id, RowType outputType, int[] keyIndices, int timeIndex, boolean keepLast)
        implements OperatorSpec {
    public DeduplicateSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        keyIndices = keyIndices.clone();
        if (timeIndex < 0 || timeIndex >= outputType.arity()) {
            throw new IllegalArgumentException("time index " + timeIndex + " out of range for " + outputType);
        }
    }

    @Override
    public int[] keyIndices() {
        return keyIndices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeduplicateSpec d && id.equals(d.id) && outputType.equals(d.outputType)
                && Arrays.equals(keyIndices, d.keyIndices) && timeIndex == d.timeIndex && keepLast == d.keepLast;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, Arrays.hashCode(keyIndices), timeIndex, keepLast);
    }

    @Override
    public String describe() {
        StringBuilder keys = new StringBuilder();
        for (int k : keyIndices) {
            keys.append(keys.length() == 0 ? "" : ", ").append(outputType.field(k).name());
        }
        return "Deduplicate(keep=[" + (keepLast ? "LastRow" : "FirstRow") + "], key=[" + keys + "], order=[ROWTIME "
                + outputType.field(timeIndex).name() + "], changelog=[I,UB,UA])";
    }

    @Override
    public String stateDescription() {
        StringBuilder keys = new StringBuilder();
        for (int k : keyIndices) {
            keys.append(keys.length() == 0 ? "" : ", ").append(outputType.field(k).name());
        }
        return "the kept row per (" + keys + "), kept forever";
    }
}

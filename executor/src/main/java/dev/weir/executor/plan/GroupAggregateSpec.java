package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Non-windowed {@code GROUP BY}, producing a changelog (Flink's GroupAggregate with mini-batch
 * off): the first row of a key emits {@code +I[key, results]}; every later row that changes the
 * results emits {@code -U[key, old results]} then {@code +U[key, new results]}. A row that leaves
 * the results unchanged emits nothing (unless a state TTL is set, as in Flink). The input must be
 * insert-only.
 *
 * <p>Keeps one accumulator array per key in keyed state. With {@code stateTtlMillis > 0}, the
 * state of a key not updated for that long (processing time) is dropped: a later row of that key
 * starts from scratch and emits {@code +I} again.
 *
 * <p>Output columns: the key columns (in {@code keyIndices} order), then one per aggregate call.
 *
 * @param keyIndices     grouping columns in the input
 * @param stateTtlMillis idle time after which a key's state is dropped; 0 keeps it forever
 */
public record GroupAggregateSpec(String id, RowType outputType, int[] keyIndices, List<AggregateCall> aggregateCalls,
        long stateTtlMillis) implements OperatorSpec {
    public GroupAggregateSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        keyIndices = keyIndices.clone();
        aggregateCalls = List.copyOf(aggregateCalls);
        if (stateTtlMillis < 0) {
            throw new IllegalArgumentException("state TTL must not be negative");
        }
        if (outputType.arity() != keyIndices.length + aggregateCalls.size()) {
            throw new IllegalArgumentException("output type " + outputType + " does not match keys and aggregates");
        }
    }

    @Override
    public int[] keyIndices() {
        return keyIndices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupAggregateSpec g && id.equals(g.id) && outputType.equals(g.outputType)
                && Arrays.equals(keyIndices, g.keyIndices) && aggregateCalls.equals(g.aggregateCalls)
                && stateTtlMillis == g.stateTtlMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, Arrays.hashCode(keyIndices), aggregateCalls, stateTtlMillis);
    }

    /** Does not include the TTL: changing it must not change the operator id (the state stays usable). */
    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("GroupAggregate(groupBy=[");
        for (int i = 0; i < keyIndices.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(outputType.field(i).name());
        }
        sb.append("], select=[");
        for (int i = 0; i < keyIndices.length; i++) {
            sb.append(outputType.field(i).name()).append(", ");
        }
        for (int i = 0; i < aggregateCalls.size(); i++) {
            AggregateCall c = aggregateCalls.get(i);
            sb.append(i == 0 ? "" : ", ").append(c.describe()).append(" AS ").append(c.name());
        }
        if (keyIndices.length > 0 && aggregateCalls.isEmpty()) {
            sb.setLength(sb.length() - 2);
        }
        return sb.append("], changelog=[I,UB,UA])").toString();
    }

    @Override
    public String stateDescription() {
        String per = keyIndices.length == 0 ? "one accumulator row for the whole input"
                : "accumulators per (" + String.join(", ", outputType.names().subList(0, keyIndices.length)) + ")";
        return per + (stateTtlMillis > 0 ? ", dropped when not updated for " + stateTtlMillis
                + " ms of processing time (table.exec.state.ttl)" : ", kept forever (table.exec.state.ttl = 0)");
    }
}

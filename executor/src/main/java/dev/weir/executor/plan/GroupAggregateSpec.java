package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Non-windowed {@code GROUP BY}, producing a changelog (Flink's GroupAggregate with mini-batch
 * off): the first row of a key emits {@code +I[key, results]}; every later row that changes the
 * results emits {@code -U[key, old results]} then {@code +U[key, new results]}. A row that leaves
 * the results unchanged emits nothing (unless a state TTL is set, as in Flink).
 *
 * <p>Over an insert-only input it keeps one accumulator array per key in keyed state. Over an
 * updating input ({@code updatingInput}: another GROUP BY's result, an outer join, an upsert or
 * Debezium source) {@code -U}/{@code -D} rows are retracted: each key also keeps its row count,
 * and MIN, MAX and DISTINCT aggregates a multiset of their values (value → count) in map state;
 * a key whose row count drops to 0 emits {@code -D} of its last result and its state is cleared,
 * so a later row starts again with {@code +I} (as Flink). With {@code stateTtlMillis > 0}, the
 * state of a key not updated for that long (processing time) is dropped: a later row of that key
 * starts from scratch and emits {@code +I} again; a retraction for a key without state is ignored.
 *
 * <p>Output columns: the key columns (in {@code keyIndices} order), then one per aggregate call.
 *
 * @param keyIndices     grouping columns in the input
 * @param stateTtlMillis idle time after which a key's state is dropped; 0 keeps it forever
 * @param updatingInput  whether the input carries retractions ({@code -U}, {@code -D}); its state
 *                       layout differs, so it is part of {@link #describe()} (and the operator id)
 */
public record GroupAggregateSpec(String id, RowType outputType, int[] keyIndices, List<AggregateCall> aggregateCalls,
        long stateTtlMillis, boolean updatingInput) implements OperatorSpec {
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

    /** Over an insert-only input. */
    public GroupAggregateSpec(String id, RowType outputType, int[] keyIndices, List<AggregateCall> aggregateCalls,
            long stateTtlMillis) {
        this(id, outputType, keyIndices, aggregateCalls, stateTtlMillis, false);
    }

    @Override
    public int[] keyIndices() {
        return keyIndices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupAggregateSpec g && id.equals(g.id) && outputType.equals(g.outputType)
                && Arrays.equals(keyIndices, g.keyIndices) && aggregateCalls.equals(g.aggregateCalls)
                && stateTtlMillis == g.stateTtlMillis && updatingInput == g.updatingInput;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, Arrays.hashCode(keyIndices), aggregateCalls, stateTtlMillis,
                updatingInput);
    }

    /**
     * Does not include the TTL: changing it must not change the operator id (the state stays usable).
     * Over an updating input the functions are named as Flink's retracting ones ({@code COUNT_RETRACT(*)}).
     */
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
            String call = c.describe();
            if (updatingInput) {
                call = c.function().name() + "_RETRACT" + call.substring(c.function().name().length());
            }
            sb.append(i == 0 ? "" : ", ").append(call).append(" AS ").append(c.name());
        }
        if (keyIndices.length > 0 && aggregateCalls.isEmpty()) {
            sb.setLength(sb.length() - 2);
        }
        return sb.append(updatingInput ? "], changelog=[I,UB,UA,D])" : "], changelog=[I,UB,UA])").toString();
    }

    @Override
    public String stateDescription() {
        String keys = keyIndices.length == 0 ? null
                : "(" + String.join(", ", outputType.names().subList(0, keyIndices.length)) + ")";
        String ttl = stateTtlMillis > 0 ? ", dropped when not updated for " + stateTtlMillis
                + " ms of processing time (table.exec.state.ttl)" : ", kept forever (table.exec.state.ttl = 0)";
        if (!updatingInput) {
            return (keys == null ? "one accumulator row for the whole input" : "accumulators per " + keys) + ttl;
        }
        StringBuilder sb = new StringBuilder(keys == null ? "a row count and retractable accumulators for the "
                + "whole input" : "a row count and retractable accumulators per " + keys);
        if (keepsValues()) {
            sb.append(", and a multiset (value -> count) of the values of each MIN, MAX and DISTINCT argument")
                    .append(keys == null ? "" : " per " + keys)
                    .append(" (MIN/MAX keep the current extreme and rescan the multiset only when it is retracted)");
        }
        return sb.append("; cleared when the row count drops to 0").append(ttl.replaceFirst("^, ", ", else "))
                .toString();
    }

    private boolean keepsValues() {
        for (AggregateCall c : aggregateCalls) {
            if (c.argIndex() >= 0 && (c.distinct() || c.function() == AggregateFunctionKind.MIN
                    || c.function() == AggregateFunctionKind.MAX)) {
                return true;
            }
        }
        return false;
    }
}

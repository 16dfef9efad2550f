package dev.weir.state.rocksdb;

import dev.weir.state.AggregateFunction;
import dev.weir.state.AggregatingState;
import java.util.Objects;

/** {@link AggregatingState} in a column family storing the serialized accumulator. */
final class RocksDbAggregatingState<N, IN, ACC, OUT> implements AggregatingState<N, IN, OUT> {
    private final ColumnFamilyState state;
    private final AggregateFunction<IN, ACC, OUT> function;

    RocksDbAggregatingState(ColumnFamilyState state, AggregateFunction<IN, ACC, OUT> function) {
        this.state = Objects.requireNonNull(state, "state is null");
        this.function = Objects.requireNonNull(function, "function is null");
    }

    @Override
    @SuppressWarnings("unchecked")
    public OUT get(N namespace) {
        ACC acc = (ACC) state.readValue(namespace);
        return acc == null ? null : function.getResult(acc);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void add(N namespace, IN value) {
        ACC acc = (ACC) state.readValue(namespace);
        state.writeValue(namespace, function.add(value, acc == null ? function.createAccumulator() : acc));
    }

    @Override
    public void clear(N namespace) {
        state.delete(namespace);
    }
}

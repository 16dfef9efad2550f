package dev.weir.state.heap;

import dev.weir.state.AggregateFunction;
import dev.weir.state.AggregatingState;
import java.util.Objects;

/** {@link AggregatingState} storing the accumulator as is. */
final class HeapAggregatingState<N, IN, ACC, OUT> implements AggregatingState<N, IN, OUT> {
    private final StateTable table;
    private final AggregateFunction<IN, ACC, OUT> function;

    HeapAggregatingState(StateTable table, AggregateFunction<IN, ACC, OUT> function) {
        this.table = Objects.requireNonNull(table, "table is null");
        this.function = Objects.requireNonNull(function, "function is null");
    }

    @Override
    @SuppressWarnings("unchecked")
    public OUT get(N namespace) {
        ACC acc = (ACC) table.get(namespace);
        return acc == null ? null : function.getResult(acc);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void add(N namespace, IN value) {
        ACC acc = (ACC) table.get(namespace);
        table.put(namespace, function.add(value, acc == null ? function.createAccumulator() : acc));
    }

    @Override
    public void clear(N namespace) {
        table.remove(namespace);
    }
}

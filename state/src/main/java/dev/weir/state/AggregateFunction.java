package dev.weir.state;

/** An aggregate with a mutable-free accumulator: each call returns the new accumulator. */
public interface AggregateFunction<IN, ACC, OUT> {
    ACC createAccumulator();

    ACC add(IN value, ACC accumulator);

    OUT getResult(ACC accumulator);
}

package dev.weir.executor.operators.agg;

import dev.weir.core.serde.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** MIN or MAX over comparable internal values (numbers, strings, booleans, temporal longs/ints). */
final class MinMaxAccumulator implements Accumulator {
    private final boolean max;
    private final TypeSerializer<Object> serializer;
    private Comparable<Object> value;

    MinMaxAccumulator(boolean max, TypeSerializer<Object> serializer) {
        this.max = max;
        this.serializer = serializer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void add(Object v) {
        Comparable<Object> c = (Comparable<Object>) v;
        if (value == null || (max ? c.compareTo(value) > 0 : c.compareTo(value) < 0)) {
            value = c;
        }
    }

    /** Forgets the current value and takes {@code v} (null: no value) instead; for a rescan after a retraction. */
    @SuppressWarnings("unchecked")
    void reset(Object v) {
        value = (Comparable<Object>) v;
    }

    /** Whether {@code v} is the current extreme (compared, not equals: a decimal of another scale is the same value). */
    boolean isCurrent(Object v) {
        return value != null && value.compareTo(v) == 0;
    }

    @Override
    public void merge(Accumulator other) {
        Object v = ((MinMaxAccumulator) other).value;
        if (v != null) {
            add(v);
        }
    }

    @Override
    public Object result() {
        return value;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            serializer.serialize(value, out);
        }
    }

    @SuppressWarnings("unchecked")
    static MinMaxAccumulator read(DataInput in, boolean max, TypeSerializer<Object> serializer) throws IOException {
        MinMaxAccumulator acc = new MinMaxAccumulator(max, serializer);
        if (in.readBoolean()) {
            acc.value = (Comparable<Object>) serializer.deserialize(in);
        }
        return acc;
    }
}

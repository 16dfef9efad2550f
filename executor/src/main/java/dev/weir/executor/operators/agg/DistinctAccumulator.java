package dev.weir.executor.operators.agg;

import dev.weir.core.serde.TypeSerializer;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * An aggregate over distinct values: remembers every value seen in the window and feeds only new
 * ones to the inner accumulator. The inner accumulator is rebuilt from the set on restore, so
 * only the set is stored.
 */
final class DistinctAccumulator implements Accumulator {
    private final Set<Object> seen = new HashSet<>();
    private final Accumulator inner;
    private final TypeSerializer<Object> valueSerializer;

    DistinctAccumulator(Accumulator inner, TypeSerializer<Object> valueSerializer) {
        this.inner = inner;
        this.valueSerializer = valueSerializer;
    }

    @Override
    public void add(Object value) {
        if (seen.add(value)) {
            inner.add(value);
        }
    }

    @Override
    public void merge(Accumulator other) {
        for (Object v : ((DistinctAccumulator) other).seen) {
            add(v);
        }
    }

    @Override
    public Object result() {
        return inner.result();
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeInt(seen.size());
        for (Object v : seen) {
            valueSerializer.serialize(v, out);
        }
    }
}

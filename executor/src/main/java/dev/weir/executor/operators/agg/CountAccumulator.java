package dev.weir.executor.operators.agg;

import java.io.DataOutput;
import java.io.IOException;

/** COUNT: a long, never null. */
final class CountAccumulator implements Accumulator {
    private long count;

    CountAccumulator(long count) {
        this.count = count;
    }

    @Override
    public void add(Object value) {
        count++;
    }

    @Override
    public void retract(Object value) {
        count--;
    }

    @Override
    public void merge(Accumulator other) {
        count += ((CountAccumulator) other).count;
    }

    @Override
    public Object result() {
        return count;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(count);
    }
}

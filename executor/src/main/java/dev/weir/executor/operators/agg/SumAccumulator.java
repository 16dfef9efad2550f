package dev.weir.executor.operators.agg;

import dev.weir.core.type.DataType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * SUM and AVG: a running sum in the result type's representation (long, double or decimal) plus
 * a count. SUM of no non-null values is NULL; integer AVG truncates like Flink. Retractable (the
 * count of non-null values makes a SUM whose values were all retracted NULL again).
 */
final class SumAccumulator implements Accumulator {
    private final Numbers.Kind kind;
    private final DataType resultType;
    private final boolean average;
    private long longSum;
    private double doubleSum;
    private BigDecimal decimalSum;
    private long count;

    SumAccumulator(Numbers.Kind kind, DataType resultType, boolean average) {
        this.kind = kind;
        this.resultType = resultType;
        this.average = average;
        this.decimalSum = kind == Numbers.Kind.DECIMAL ? BigDecimal.ZERO : null;
    }

    @Override
    public void add(Object value) {
        switch (kind) {
            case LONG -> longSum += ((Number) value).longValue();
            case DOUBLE -> doubleSum += ((Number) value).doubleValue();
            case DECIMAL -> decimalSum = decimalSum.add(Numbers.toDecimal(value));
        }
        count++;
    }

    /** As Flink's SumWithRetract/Avg: subtracts; a sum whose values were all retracted is NULL again (count 0). */
    @Override
    public void retract(Object value) {
        switch (kind) {
            case LONG -> longSum -= ((Number) value).longValue();
            case DOUBLE -> doubleSum -= ((Number) value).doubleValue();
            case DECIMAL -> decimalSum = decimalSum.subtract(Numbers.toDecimal(value));
        }
        count--;
    }

    @Override
    public void merge(Accumulator other) {
        SumAccumulator o = (SumAccumulator) other;
        longSum += o.longSum;
        doubleSum += o.doubleSum;
        if (kind == Numbers.Kind.DECIMAL) {
            decimalSum = decimalSum.add(o.decimalSum);
        }
        count += o.count;
    }

    @Override
    public Object result() {
        if (count == 0) {
            return null;
        }
        return switch (kind) {
            case LONG -> Numbers.fromLong(average ? longSum / count : longSum, resultType);
            case DOUBLE -> Numbers.fromDouble(average ? doubleSum / count : doubleSum, resultType);
            case DECIMAL -> Numbers.fromDecimal(average
                    ? decimalSum.divide(BigDecimal.valueOf(count), Math.max(resultType.scale(), 6),
                            java.math.RoundingMode.HALF_UP)
                    : decimalSum, resultType);
        };
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(count);
        switch (kind) {
            case LONG -> out.writeLong(longSum);
            case DOUBLE -> out.writeDouble(doubleSum);
            case DECIMAL -> {
                out.writeInt(decimalSum.scale());
                byte[] unscaled = decimalSum.unscaledValue().toByteArray();
                out.writeInt(unscaled.length);
                out.write(unscaled);
            }
        }
    }

    static SumAccumulator read(DataInput in, Numbers.Kind kind, DataType resultType, boolean average)
            throws IOException {
        SumAccumulator acc = new SumAccumulator(kind, resultType, average);
        acc.count = in.readLong();
        switch (kind) {
            case LONG -> acc.longSum = in.readLong();
            case DOUBLE -> acc.doubleSum = in.readDouble();
            case DECIMAL -> {
                int scale = in.readInt();
                byte[] unscaled = new byte[in.readInt()];
                in.readFully(unscaled);
                acc.decimalSum = new BigDecimal(new BigInteger(unscaled), scale);
            }
        }
        return acc;
    }
}

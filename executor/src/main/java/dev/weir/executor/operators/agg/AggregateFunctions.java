package dev.weir.executor.operators.agg;

import dev.weir.core.WeirException;
import dev.weir.core.serde.Serializers;
import dev.weir.core.serde.TypeSerializer;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.plan.AggregateCall;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * The aggregate calls of one window aggregation: creates, reads and writes their accumulators as
 * one array per (key, window), and serves as the state value serializer for that array.
 */
public final class AggregateFunctions implements TypeSerializer<Accumulator[]> {
    /** Passed to COUNT(*) so that every row counts. */
    public static final Object COUNT_STAR = Boolean.TRUE;

    private final AggregateCall[] calls;
    private final int[] argIndices;
    private final int[] filterIndices;
    private final TypeSerializer<Object>[] argSerializers;
    private final Numbers.Kind[] kinds;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public AggregateFunctions(List<AggregateCall> calls, RowType inputType) {
        this.calls = calls.toArray(new AggregateCall[0]);
        this.argIndices = new int[this.calls.length];
        this.filterIndices = new int[this.calls.length];
        this.argSerializers = new TypeSerializer[this.calls.length];
        this.kinds = new Numbers.Kind[this.calls.length];
        for (int i = 0; i < this.calls.length; i++) {
            AggregateCall call = this.calls[i];
            argIndices[i] = call.argIndex();
            filterIndices[i] = call.filterIndex();
            DataType argType = call.argIndex() < 0 ? null : inputType.type(call.argIndex());
            if (call.argIndex() < 0 && call.function() != dev.weir.executor.plan.AggregateFunctionKind.COUNT) {
                throw new WeirException(call.describe() + " needs an argument column.");
            }
            if (argType != null) {
                if (argType.root() == TypeRoot.BYTES && (call.distinct() || isMinMax(call))) {
                    throw new WeirException(call.describe() + " is not supported on BYTES columns.");
                }
                argSerializers[i] = Serializers.forType(argType);
            }
            switch (call.function()) {
                case SUM, AVG -> kinds[i] = Numbers.Kind.of(call.resultType());
                default -> kinds[i] = null;
            }
        }
    }

    private static boolean isMinMax(AggregateCall call) {
        return switch (call.function()) {
            case MIN, MAX -> true;
            default -> false;
        };
    }

    public int size() {
        return calls.length;
    }

    /** The input column of call {@code i}, or -1 for COUNT(*). */
    public int argIndex(int i) {
        return argIndices[i];
    }

    /** The input column of call {@code i}'s FILTER (WHERE ...), or -1. */
    public int filterIndex(int i) {
        return filterIndices[i];
    }

    /**
     * Adds one input row to {@code accs}: each call sees its argument unless it is NULL or the
     * call's FILTER is not TRUE. No allocation.
     */
    public void accumulate(Accumulator[] accs, dev.weir.core.Row row) {
        for (int i = 0; i < accs.length; i++) {
            int filter = filterIndices[i];
            if (filter >= 0 && row.field(filter) != Boolean.TRUE) {
                continue;
            }
            int arg = argIndices[i];
            Object value = arg < 0 ? COUNT_STAR : row.field(arg);
            if (value != null) {
                accs[i].add(value);
            }
        }
    }

    /** The results of {@code accs}, written into {@code values} from {@code from}. */
    public void results(Accumulator[] accs, Object[] values, int from) {
        for (int i = 0; i < accs.length; i++) {
            values[from + i] = accs[i].result();
        }
    }

    public Accumulator[] createAccumulators() {
        Accumulator[] accs = new Accumulator[calls.length];
        for (int i = 0; i < accs.length; i++) {
            accs[i] = create(i);
        }
        return accs;
    }

    private Accumulator create(int i) {
        AggregateCall call = calls[i];
        Accumulator plain = switch (call.function()) {
            case COUNT -> new CountAccumulator(0);
            case SUM -> new SumAccumulator(kinds[i], call.resultType(), false);
            case AVG -> new SumAccumulator(kinds[i], call.resultType(), true);
            case MIN -> new MinMaxAccumulator(false, argSerializers[i]);
            case MAX -> new MinMaxAccumulator(true, argSerializers[i]);
        };
        return call.distinct() && call.argIndex() >= 0 ? new DistinctAccumulator(plain, argSerializers[i]) : plain;
    }

    /** Folds {@code from} into {@code into}, call by call. */
    public void merge(Accumulator[] into, Accumulator[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i].merge(from[i]);
        }
    }

    @Override
    public void serialize(Accumulator[] accs, DataOutput out) throws IOException {
        for (Accumulator acc : accs) {
            acc.write(out);
        }
    }

    @Override
    public Accumulator[] deserialize(DataInput in) throws IOException {
        Accumulator[] accs = new Accumulator[calls.length];
        for (int i = 0; i < accs.length; i++) {
            accs[i] = read(i, in);
        }
        return accs;
    }

    private Accumulator read(int i, DataInput in) throws IOException {
        AggregateCall call = calls[i];
        if (call.distinct() && call.argIndex() >= 0) {
            Accumulator acc = create(i);
            int n = in.readInt();
            for (int j = 0; j < n; j++) {
                acc.add(argSerializers[i].deserialize(in));
            }
            return acc;
        }
        return switch (call.function()) {
            case COUNT -> new CountAccumulator(in.readLong());
            case SUM -> SumAccumulator.read(in, kinds[i], call.resultType(), false);
            case AVG -> SumAccumulator.read(in, kinds[i], call.resultType(), true);
            case MIN -> MinMaxAccumulator.read(in, false, argSerializers[i]);
            case MAX -> MinMaxAccumulator.read(in, true, argSerializers[i]);
        };
    }
}

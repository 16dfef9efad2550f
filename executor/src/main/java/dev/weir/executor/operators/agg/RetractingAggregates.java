package dev.weir.executor.operators.agg;

import dev.weir.core.Row;
import dev.weir.core.WeirException;
import dev.weir.core.serde.Serializers;
import dev.weir.core.serde.TypeSerializer;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.MapState;
import dev.weir.state.StateDescriptor;
import dev.weir.state.ValueState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The aggregate calls of a GROUP BY over an updating input: every aggregate can take a row back
 * (Flink's retracting aggregate functions). Per key it keeps, in the keyed backend:
 *
 * <ul>
 *   <li>a value ({@link Accumulators}): the key's row count, COUNT and SUM/AVG accumulators (a
 *       running sum and a count of non-null values, so a SUM whose values were all retracted is
 *       NULL again), the current MIN/MAX, and the inner accumulator of each DISTINCT aggregate;</li>
 *   <li>per distinct (argument, FILTER) pair read by a MIN, MAX or DISTINCT aggregate, a multiset
 *       of the argument's values (value → count) in map state, so it lives in RocksDB and is
 *       checkpointed like any other state. MIN/MAX keep the current extreme in the value and scan
 *       the key's multiset only when the extreme's last occurrence is retracted (as Flink's
 *       MinWithRetractAggFunction does); a DISTINCT aggregate sees a value when its count rises
 *       from 0 and loses it when its count falls back to 0.</li>
 * </ul>
 *
 * <p>Every state entry lives in a namespace given with each call: the non-windowed GROUP BY uses
 * one fixed namespace per key, a window aggregation one per (key, window), so several groups of a
 * key share the registered states without sharing entries.
 *
 * <p>A retraction of a value never seen leaves a negative count (as in Flink), which the matching
 * insert cancels out; only values with a positive count are part of the result. Not thread-safe;
 * scratch arrays are reused so that a row allocates nothing beyond the state's own boxing.
 */
public final class RetractingAggregates {
    /** State names, part of the checkpoint format. */
    static final String ACCUMULATORS = "group-retract-accumulators";
    static final String VALUES = "group-retract-values-";

    private final AggregateCall[] calls;
    private final int[] argIndices;
    private final int[] filterIndices;
    private final Numbers.Kind[] kinds;
    /** Per call: its multiset slot, or -1 for COUNT/SUM/AVG without DISTINCT. */
    private final int[] slotOf;
    private final int[] slotArg;
    private final int[] slotFilter;
    private final List<MapState<Long, Object, Long>> slotValues;
    private final List<TypeSerializer<Object>> slotSerializers;
    private final ValueState<Long, Accumulators> state;
    // per-row scratch, one entry per slot
    private final Object[] slotValue;
    private final byte[] slotChange;
    private static final byte UNCHANGED = 0;
    private static final byte APPEARED = 1;
    private static final byte VANISHED = 2;

    /**
     * Registers the states in {@code backend}; every method then works on the backend's current key,
     * in the namespace it is given.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public RetractingAggregates(List<AggregateCall> calls, RowType inputType, KeyedStateBackend backend) {
        Objects.requireNonNull(calls, "calls is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(backend, "backend is null");
        this.calls = calls.toArray(new AggregateCall[0]);
        int n = this.calls.length;
        this.argIndices = new int[n];
        this.filterIndices = new int[n];
        this.kinds = new Numbers.Kind[n];
        this.slotOf = new int[n];
        List<Integer> args = new ArrayList<>();
        List<Integer> filters = new ArrayList<>();
        List<TypeSerializer<Object>> serializers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AggregateCall call = this.calls[i];
            argIndices[i] = call.argIndex();
            filterIndices[i] = call.filterIndex();
            if (call.argIndex() < 0 && call.function() != AggregateFunctionKind.COUNT) {
                throw new WeirException(call.describe() + " needs an argument column.");
            }
            if (call.function() == AggregateFunctionKind.SUM || call.function() == AggregateFunctionKind.AVG) {
                kinds[i] = Numbers.Kind.of(call.resultType());
            }
            slotOf[i] = -1;
            if (needsValues(call)) {
                DataType argType = inputType.type(call.argIndex());
                if (argType.root() == TypeRoot.BYTES) {
                    throw new WeirException(call.describe() + " is not supported on BYTES columns.");
                }
                int slot = -1;
                for (int s = 0; s < args.size(); s++) {
                    if (args.get(s) == call.argIndex() && filters.get(s) == call.filterIndex()) {
                        slot = s;
                    }
                }
                if (slot < 0) {
                    slot = args.size();
                    args.add(call.argIndex());
                    filters.add(call.filterIndex());
                    serializers.add(Serializers.forType(argType));
                }
                slotOf[i] = slot;
            }
        }
        int slots = args.size();
        this.slotArg = new int[slots];
        this.slotFilter = new int[slots];
        this.slotValue = new Object[slots];
        this.slotChange = new byte[slots];
        List<MapState<Long, Object, Long>> maps = new ArrayList<>(slots);
        for (int s = 0; s < slots; s++) {
            slotArg[s] = args.get(s);
            slotFilter[s] = filters.get(s);
            maps.add(backend.mapState(new StateDescriptor<>(VALUES + s, Serializers.LONG, Serializers.LONG),
                    serializers.get(s)));
        }
        this.slotValues = List.copyOf(maps);
        this.slotSerializers = List.copyOf(serializers);
        this.state = backend.valueState(new StateDescriptor<>(ACCUMULATORS, Serializers.LONG, new Codec()));
    }

    /** MIN and MAX need every value to find the next extreme; DISTINCT aggregates need their counts. */
    private static boolean needsValues(AggregateCall call) {
        return call.argIndex() >= 0 && (call.distinct() || call.function() == AggregateFunctionKind.MIN
                || call.function() == AggregateFunctionKind.MAX);
    }

    public int size() {
        return calls.length;
    }

    /** Whether any call keeps a multiset of values (MIN, MAX, DISTINCT), for EXPLAIN. */
    public boolean keepsValues() {
        return !slotValues.isEmpty();
    }

    /** The current key's accumulators in {@code namespace}, or null when it has none. */
    public Accumulators value(Long namespace) {
        return state.value(namespace);
    }

    /** Fresh accumulators (not stored yet). */
    public Accumulators create() {
        Accumulator[] accs = new Accumulator[calls.length];
        for (int i = 0; i < accs.length; i++) {
            accs[i] = create(i);
        }
        return new Accumulators(0, new long[slotArg.length], accs);
    }

    private Accumulator create(int i) {
        AggregateCall call = calls[i];
        return switch (call.function()) {
            case COUNT -> new CountAccumulator(0);
            case SUM -> new SumAccumulator(kinds[i], call.resultType(), false);
            case AVG -> new SumAccumulator(kinds[i], call.resultType(), true);
            case MIN -> new MinMaxAccumulator(false, serializerOf(i));
            case MAX -> new MinMaxAccumulator(true, serializerOf(i));
        };
    }

    private TypeSerializer<Object> serializerOf(int call) {
        return slotSerializers.get(slotOf[call]);
    }

    /** Stores the current key's accumulators in {@code namespace}. */
    public void update(Long namespace, Accumulators accs) {
        state.update(namespace, accs);
    }

    /** Drops every state of the current key in {@code namespace}. */
    public void clear(Long namespace) {
        state.clear(namespace);
        for (int s = 0; s < slotValues.size(); s++) {
            slotValues.get(s).clear(namespace);
        }
    }

    /** Adds ({@code +I}, {@code +U}) one row to the current key's accumulators and multisets in a namespace. */
    public void accumulate(Long namespace, Accumulators accs, Row row) {
        apply(namespace, accs, row, 1);
    }

    /** Takes one row ({@code -U}, {@code -D}) back from the current key's accumulators and multisets in a namespace. */
    public void retract(Long namespace, Accumulators accs, Row row) {
        apply(namespace, accs, row, -1);
    }

    private void apply(Long namespace, Accumulators accs, Row row, int sign) {
        accs.rows += sign;
        for (int s = 0; s < slotArg.length; s++) {
            slotChange[s] = UNCHANGED;
            int filter = slotFilter[s];
            Object v = filter >= 0 && row.field(filter) != Boolean.TRUE ? null : row.field(slotArg[s]);
            slotValue[s] = v;
            if (v == null) {
                continue;
            }
            MapState<Long, Object, Long> values = slotValues.get(s);
            Long count = values.get(namespace, v);
            long before = count == null ? 0 : count;
            long after = before + sign;
            if (after == 0) {
                values.remove(namespace, v);
            } else {
                values.put(namespace, v, after);
            }
            if (before <= 0 && after > 0) {
                slotChange[s] = APPEARED;
                accs.slotSizes[s]++;
            } else if (before > 0 && after <= 0) {
                slotChange[s] = VANISHED;
                accs.slotSizes[s]--;
            }
        }
        Accumulator[] a = accs.accumulators;
        for (int i = 0; i < a.length; i++) {
            int slot = slotOf[i];
            if (slot >= 0) {
                applyValueChange(namespace, accs, i, slot);
                continue;
            }
            int filter = filterIndices[i];
            if (filter >= 0 && row.field(filter) != Boolean.TRUE) {
                continue;
            }
            int arg = argIndices[i];
            Object value = arg < 0 ? AggregateFunctions.COUNT_STAR : row.field(arg);
            if (value == null) {
                continue;
            }
            if (sign > 0) {
                a[i].add(value);
            } else {
                a[i].retract(value);
            }
        }
    }

    /** Call {@code i} reads multiset {@code slot}, whose current value just appeared, vanished or neither. */
    private void applyValueChange(Long namespace, Accumulators accs, int i, int slot) {
        byte change = slotChange[slot];
        if (change == UNCHANGED) {
            return;
        }
        Object v = slotValue[slot];
        Accumulator acc = accs.accumulators[i];
        if (acc instanceof MinMaxAccumulator extreme) {
            if (change == APPEARED) {
                extreme.add(v);
            } else if (accs.slotSizes[slot] == 0) {
                extreme.reset(null);
            } else if (extreme.isCurrent(v)) {
                // the last occurrence of the extreme is gone: the next one is somewhere in the multiset
                rescan(namespace, extreme, slot);
            }
        } else if (change == APPEARED) {
            acc.add(v);
        } else {
            acc.retract(v);
        }
    }

    /** Sets {@code extreme} to the extreme of the values with a positive count in multiset {@code slot}. */
    private void rescan(Long namespace, MinMaxAccumulator extreme, int slot) {
        extreme.reset(null);
        for (Map.Entry<Object, Long> e : slotValues.get(slot).readEntries(namespace).entrySet()) {
            if (e.getValue() > 0) {
                extreme.add(e.getKey());
            }
        }
    }

    /**
     * Moves the current key's state in namespace {@code from} ({@code source}) into namespace
     * {@code into} ({@code target}, stored or fresh from {@link #create()}), as merging session
     * windows do: row counts and COUNT/SUM/AVG accumulators add up, multisets add up value by value
     * (a negative count left by a retraction cancels out against the other side), DISTINCT
     * aggregates see the values that became positive or lost their count, and MIN/MAX are rescanned
     * when their multiset's positive values changed. Clears {@code from}; the caller stores
     * {@code target} with {@link #update}. Not per row: only when sessions merge.
     */
    public void merge(Long from, Accumulators source, Long into, Accumulators target) {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(target, "target is null");
        if (from.equals(into)) {
            throw new IllegalArgumentException("cannot merge namespace " + from + " into itself");
        }
        target.rows += source.rows;
        Accumulator[] a = target.accumulators;
        Accumulator[] b = source.accumulators;
        for (int i = 0; i < a.length; i++) {
            if (slotOf[i] < 0) {
                a[i].merge(b[i]);
            }
        }
        for (int s = 0; s < slotArg.length; s++) {
            MapState<Long, Object, Long> values = slotValues.get(s);
            boolean changed = false;
            // a copy: the source multiset is read while the target's is written
            for (Map.Entry<Object, Long> e : new ArrayList<>(values.readEntries(from).entrySet())) {
                Object v = e.getKey();
                Long count = values.get(into, v);
                long before = count == null ? 0 : count;
                long after = before + e.getValue();
                if (after == 0) {
                    values.remove(into, v);
                } else {
                    values.put(into, v, after);
                }
                int sign = before <= 0 && after > 0 ? 1 : before > 0 && after <= 0 ? -1 : 0;
                if (sign == 0) {
                    continue;
                }
                changed = true;
                target.slotSizes[s] += sign;
                for (int i = 0; i < a.length; i++) {
                    if (slotOf[i] == s && !(a[i] instanceof MinMaxAccumulator)) {
                        if (sign > 0) {
                            a[i].add(v);
                        } else {
                            a[i].retract(v);
                        }
                    }
                }
            }
            if (changed) {
                for (int i = 0; i < a.length; i++) {
                    if (slotOf[i] == s && a[i] instanceof MinMaxAccumulator extreme) {
                        rescan(into, extreme, s);
                    }
                }
            }
            values.clear(from);
        }
        state.clear(from);
    }

    /** The results of {@code accs}, written into {@code values} from {@code from}. */
    public void results(Accumulators accs, Object[] values, int from) {
        Accumulator[] a = accs.accumulators;
        for (int i = 0; i < a.length; i++) {
            values[from + i] = a[i].result();
        }
    }

    /** One key's running state: its row count, the size of each multiset, and one accumulator per call. */
    public static final class Accumulators {
        private long rows;
        private final long[] slotSizes;
        private final Accumulator[] accumulators;

        Accumulators(long rows, long[] slotSizes, Accumulator[] accumulators) {
            this.rows = rows;
            this.slotSizes = slotSizes;
            this.accumulators = accumulators;
        }

        /** Rows added minus rows retracted: the group is empty at 0. */
        public long rows() {
            return rows;
        }
    }

    /** The value serializer: rows, multiset sizes, then each call's accumulator. */
    private final class Codec implements TypeSerializer<Accumulators> {
        @Override
        public void serialize(Accumulators value, DataOutput out) throws IOException {
            out.writeLong(value.rows);
            for (long size : value.slotSizes) {
                out.writeLong(size);
            }
            for (Accumulator acc : value.accumulators) {
                acc.write(out);
            }
        }

        @Override
        public Accumulators deserialize(DataInput in) throws IOException {
            long rows = in.readLong();
            long[] sizes = new long[slotArg.length];
            for (int s = 0; s < sizes.length; s++) {
                sizes[s] = in.readLong();
            }
            Accumulator[] accs = new Accumulator[calls.length];
            for (int i = 0; i < accs.length; i++) {
                AggregateCall call = calls[i];
                accs[i] = switch (call.function()) {
                    case COUNT -> new CountAccumulator(in.readLong());
                    case SUM -> SumAccumulator.read(in, kinds[i], call.resultType(), false);
                    case AVG -> SumAccumulator.read(in, kinds[i], call.resultType(), true);
                    case MIN -> MinMaxAccumulator.read(in, false, serializerOf(i));
                    case MAX -> MinMaxAccumulator.read(in, true, serializerOf(i));
                };
            }
            return new Accumulators(rows, sizes, accs);
        }
    }
}

package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.WeirException;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.operators.agg.Accumulator;
import dev.weir.executor.operators.agg.AggregateFunctions;
import dev.weir.executor.operators.agg.RetractingAggregates;
import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import dev.weir.state.ValueState;
import java.io.IOException;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Non-windowed GROUP BY producing a changelog (semantics in {@link GroupAggregateSpec}).
 *
 * <p>Over an insert-only input: one accumulator array per key in keyed state, read and written
 * once per row: every row is a change downstream must see (Flink with mini-batch off), so there
 * is nothing to buffer. Over an updating input ({@link GroupAggregateSpec#updatingInput()}) the
 * per-key state is {@link RetractingAggregates}' instead (a row count, retractable accumulators
 * and multisets of values for MIN/MAX and DISTINCT): {@code -U}/{@code -D} rows are taken back, and
 * a key whose rows are all retracted emits {@code -D} of its last result and loses its state. The
 * insert-only layout is kept as it was, so its checkpoints stay restorable.
 *
 * <p>State TTL ({@code table.exec.state.ttl}) uses processing time: each key keeps the time it
 * was last updated, and a processing-time timer (kept in the backend's timer service, advanced
 * with the clock rather than the watermark) checks it when the TTL may have run out; a key
 * updated meanwhile gets a new timer at its new expiry instead. Expiry is checked when rows or
 * watermarks arrive, and emits nothing: the key's next row starts again with {@code +I}.
 */
public final class GroupAggregateOperator implements StreamOperator {
    static final String KEYED_DIR = "keyed";
    private static final Long NAMESPACE = 0L;

    private final int aggregateCount;
    private final long ttl;
    private final LongSupplier clock;
    private final RowKeys keys;
    private final KeyedStateBackend backend;
    /** Insert-only input: the accumulators (null over an updating input). */
    private final AggregateFunctions functions;
    private final ValueState<Long, Accumulator[]> accumulators;
    /** Updating input: the retracting accumulators (null over an insert-only input). */
    private final RetractingAggregates retracting;
    private final ValueState<Long, Long> lastUpdate;
    private final TimerService<Long> ttlTimers;
    private final TimerService.Callback<Long> onExpiry = this::expire;
    private long now;

    public GroupAggregateOperator(GroupAggregateSpec spec, RowType inputType, OperatorContext context)
            throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(context, "context is null");
        this.aggregateCount = spec.aggregateCalls().size();
        this.ttl = spec.stateTtlMillis();
        this.clock = context.processingClock();

        this.keys = new RowKeys(spec.keyIndices(), inputType);
        this.backend = keys.openBackend(context, KEYED_DIR);
        try {
            if (spec.updatingInput()) {
                this.functions = null;
                this.accumulators = null;
                this.retracting = new RetractingAggregates(spec.aggregateCalls(), inputType, backend);
            } else {
                this.functions = new AggregateFunctions(spec.aggregateCalls(), inputType);
                this.accumulators = backend.valueState(new StateDescriptor<>("group-accumulators", Serializers.LONG,
                        functions));
                this.retracting = null;
            }
            this.lastUpdate = backend.valueState(new StateDescriptor<>("group-last-update", Serializers.LONG,
                    Serializers.LONG));
            this.ttlTimers = backend.timerService("state-ttl-timers", Serializers.LONG);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public void processElement(Row row, Output out) throws Exception {
        if (ttl > 0) {
            now = clock.getAsLong();
            ttlTimers.advanceWatermark(now, onExpiry);
        }
        if (retracting != null) {
            processChange(row, out);
            return;
        }
        if (row.kind() != RowKind.INSERT) {
            // The planner marks a GROUP BY over an updating input; reaching this is a planning bug.
            throw new WeirException("GroupAggregate received a " + row.kind() + " (" + row.kind().shortString()
                    + ") row, but it was planned for an insert-only input.");
        }
        Row key = keys.key(row);
        backend.setCurrentKey(key);
        Accumulator[] accs = accumulators.value(NAMESPACE);
        if (accs == null) {
            accs = functions.createAccumulators();
            functions.accumulate(accs, row);
            accumulators.update(NAMESPACE, accs);
            touch(true);
            out.collect(result(RowKind.INSERT, key, accs));
            return;
        }
        Row before = result(RowKind.UPDATE_BEFORE, key, accs);
        functions.accumulate(accs, row);
        // Always written back: the state may change while the results do not (AVG's count, distinct sets).
        accumulators.update(NAMESPACE, accs);
        touch(false);
        emitUpdate(before, result(RowKind.UPDATE_AFTER, key, accs), out);
    }

    /** A row of an updating input: +I/+U add it to its key, -U/-D take it back (as Flink's GroupAggFunction). */
    private void processChange(Row row, Output out) {
        boolean retract = !row.kind().isAccumulate();
        Row key = keys.key(row);
        backend.setCurrentKey(key);
        RetractingAggregates.Accumulators accs = retracting.value(NAMESPACE);
        if (accs == null) {
            if (retract) {
                return; // nothing to take back (the key's state expired, or was never there): as Flink, ignore it
            }
            accs = retracting.create();
            retracting.accumulate(NAMESPACE, accs, row);
            retracting.update(NAMESPACE, accs);
            touch(true);
            out.collect(retractingResult(RowKind.INSERT, key, accs));
            return;
        }
        Row before = retractingResult(RowKind.UPDATE_BEFORE, key, accs);
        if (retract) {
            retracting.retract(NAMESPACE, accs, row);
        } else {
            retracting.accumulate(NAMESPACE, accs, row);
        }
        if (accs.rows() == 0) {
            // the group is empty: its row leaves the result, and its state goes
            // (its update time stays while a TTL timer is pending: that timer clears it)
            retracting.clear(NAMESPACE);
            out.collect(before.withKind(RowKind.DELETE));
            return;
        }
        retracting.update(NAMESPACE, accs);
        touch(false);
        emitUpdate(before, retractingResult(RowKind.UPDATE_AFTER, key, accs), out);
    }

    /** Records the update time of the current key when a TTL is set; a new key also gets its timer. */
    private void touch(boolean newKey) {
        if (ttl > 0) {
            // A key emptied by retractions keeps its update time until its pending timer fires: no second timer.
            if (newKey && lastUpdate.value(NAMESPACE) == null) {
                ttlTimers.registerEventTimeTimer(NAMESPACE, now + ttl);
            }
            lastUpdate.update(NAMESPACE, now);
        }
    }

    private void emitUpdate(Row before, Row after, Output out) {
        // Like Flink: an unchanged result is not re-emitted, unless a TTL is set (downstream state must be refreshed).
        if (ttl == 0 && sameValues(before, after)) {
            return;
        }
        out.collect(before);
        out.collect(after);
    }

    private static boolean sameValues(Row a, Row b) {
        for (int i = 0; i < a.arity(); i++) {
            if (!Objects.equals(a.field(i), b.field(i))) {
                return false;
            }
        }
        return true;
    }

    private Row result(RowKind kind, Row key, Accumulator[] accs) {
        Object[] values = keyValues(key);
        functions.results(accs, values, key.arity());
        return Row.wrap(kind, values);
    }

    private Row retractingResult(RowKind kind, Row key, RetractingAggregates.Accumulators accs) {
        Object[] values = keyValues(key);
        retracting.results(accs, values, key.arity());
        return Row.wrap(kind, values);
    }

    private Object[] keyValues(Row key) {
        int keyCount = key.arity();
        Object[] values = new Object[keyCount + aggregateCount];
        for (int i = 0; i < keyCount; i++) {
            values[i] = key.field(i);
        }
        return values;
    }

    /** A TTL timer of the current key: drop its state if it was not updated since, else check again later. */
    private void expire(Object key, Long namespace, long timestamp) {
        Long last = lastUpdate.value(NAMESPACE);
        if (last == null) {
            return;
        }
        long expiry = last + ttl;
        if (expiry <= now) {
            if (retracting != null) {
                retracting.clear(NAMESPACE);
            } else {
                accumulators.clear(NAMESPACE);
            }
            lastUpdate.clear(NAMESPACE);
        } else {
            ttlTimers.registerEventTimeTimer(NAMESPACE, expiry);
        }
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        if (ttl > 0) {
            now = clock.getAsLong();
            ttlTimers.advanceWatermark(now, onExpiry);
        }
        out.emitWatermark(watermark);
    }

    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        backend.snapshot(context.checkpointId(), context.directory().resolve(KEYED_DIR));
    }

    /** Keys with state, counted through their TTL timers (0 without a TTL), for tests. */
    public int keysWithTtlTimers() {
        return ttlTimers.size();
    }

    @Override
    public void close() {
        backend.close();
    }
}

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
import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import dev.weir.state.ValueState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Non-windowed GROUP BY producing a changelog (semantics in {@link GroupAggregateSpec}).
 *
 * <p>One accumulator array per key in keyed state, read and written once per row: every row is
 * a change downstream must see (Flink with mini-batch off), so there is nothing to buffer.
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

    private final AggregateFunctions functions;
    private final int aggregateCount;
    private final long ttl;
    private final LongSupplier clock;
    private final RowKeys keys;
    private final KeyedStateBackend backend;
    private final ValueState<Long, Accumulator[]> accumulators;
    private final ValueState<Long, Long> lastUpdate;
    private final TimerService<Long> ttlTimers;
    private final TimerService.Callback<Long> onExpiry = this::expire;
    private long now;

    public GroupAggregateOperator(GroupAggregateSpec spec, RowType inputType, OperatorContext context)
            throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(context, "context is null");
        this.functions = new AggregateFunctions(spec.aggregateCalls(), inputType);
        this.aggregateCount = functions.size();
        this.ttl = spec.stateTtlMillis();
        this.clock = context.processingClock();

        this.keys = new RowKeys(spec.keyIndices(), inputType);
        Path restoreDir = context.restoreDir();
        this.backend = keys.openBackend(context, KEYED_DIR);
        try {
            this.accumulators = backend.valueState(new StateDescriptor<>("group-accumulators", Serializers.LONG,
                    functions));
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
        if (row.kind() != RowKind.INSERT) {
            throw new WeirException("GroupAggregate received a " + row.kind() + " (" + row.kind().shortString()
                    + ") row, but aggregating an updating input is not supported yet.");
        }
        if (ttl > 0) {
            now = clock.getAsLong();
            ttlTimers.advanceWatermark(now, onExpiry);
        }
        Row key = keys.key(row);
        backend.setCurrentKey(key);
        Accumulator[] accs = accumulators.value(NAMESPACE);
        if (accs == null) {
            accs = functions.createAccumulators();
            functions.accumulate(accs, row);
            accumulators.update(NAMESPACE, accs);
            if (ttl > 0) {
                lastUpdate.update(NAMESPACE, now);
                ttlTimers.registerEventTimeTimer(NAMESPACE, now + ttl);
            }
            out.collect(result(RowKind.INSERT, key, accs));
            return;
        }
        Row before = result(RowKind.UPDATE_BEFORE, key, accs);
        functions.accumulate(accs, row);
        // Always written back: the state may change while the results do not (AVG's count, distinct sets).
        accumulators.update(NAMESPACE, accs);
        if (ttl > 0) {
            lastUpdate.update(NAMESPACE, now);
        }
        Row after = result(RowKind.UPDATE_AFTER, key, accs);
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
        int keyCount = key.arity();
        Object[] values = new Object[keyCount + aggregateCount];
        for (int i = 0; i < keyCount; i++) {
            values[i] = key.field(i);
        }
        functions.results(accs, values, keyCount);
        return Row.wrap(kind, values);
    }

    /** A TTL timer of the current key: drop its state if it was not updated since, else check again later. */
    private void expire(Object key, Long namespace, long timestamp) {
        Long last = lastUpdate.value(NAMESPACE);
        if (last == null) {
            return;
        }
        long expiry = last + ttl;
        if (expiry <= now) {
            accumulators.clear(NAMESPACE);
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

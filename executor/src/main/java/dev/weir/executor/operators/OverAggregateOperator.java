package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.operators.agg.Accumulator;
import dev.weir.executor.operators.agg.AggregateFunctions;
import dev.weir.executor.plan.OverAggregateSpec;
import dev.weir.state.ListState;
import dev.weir.state.StateDescriptor;
import dev.weir.state.ValueState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Event-time OVER aggregation (semantics in {@link OverAggregateSpec}).
 *
 * <p>Keyed state per partition key: the rows waiting for the watermark in a {@link RowTimeBuffer}
 * ({@code ListState<timestamp, row>}, one event-time timer per (key, timestamp)); for an
 * UNBOUNDED frame the running accumulators ({@code ValueState}); for a bounded frame the rows
 * still inside it ({@code ListState}, in timestamp order), trimmed as the frame slides. A bounded
 * frame is aggregated afresh per emitted row (the accumulators cannot retract), which costs
 * O(frame) per row. The current watermark is part of the snapshot, so late-row decisions after a
 * restore are those of an uninterrupted run.
 */
public final class OverAggregateOperator implements StreamOperator {
    static final String STATE_FILE = "over.bin";
    private static final Long NAMESPACE = 0L;

    private final int timeIndex;
    private final boolean rowsMode;
    private final long preceding;
    private final int inputArity;
    private final AggregateFunctions functions;
    private final EventTimeState state;
    private final RowTimeBuffer buffer;
    private final ValueState<Long, Accumulator[]> running;
    private final ListState<Long, Row> frame;

    public OverAggregateOperator(OverAggregateSpec spec, RowType inputType, OperatorContext context)
            throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(context, "context is null");
        this.timeIndex = spec.timeIndex();
        this.rowsMode = spec.rows();
        this.preceding = spec.preceding();
        this.inputArity = inputType.arity();
        this.functions = new AggregateFunctions(spec.aggregateCalls(), inputType);
        RowKeys keys = new RowKeys(spec.keyIndices(), inputType);
        this.state = EventTimeState.open(keys, context, STATE_FILE);
        // Flink's RowTime OVER functions drop rows at or behind the watermark: their place in the order has passed.
        this.buffer = state.declare(b -> new RowTimeBuffer(b, keys, inputType, timeIndex, "over-pending-rows",
                "over-timers", context.metrics(), this::fire));
        this.running = preceding < 0
                ? state.declare(b -> b.valueState(new StateDescriptor<>("over-accumulators", Serializers.LONG,
                        functions)))
                : null;
        this.frame = preceding < 0 ? null
                : state.declare(b -> b.listState(new StateDescriptor<>("over-frame-rows", Serializers.LONG,
                        new RowSerializer(inputType))));
        buffer.restoreWatermark(state.restoredWatermark());
    }

    @Override
    public void processElement(Row row, Output out) {
        buffer.add(row);
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        buffer.processWatermark(watermark, out);
    }

    /** Emits the rows of the current key at {@code ts}, in arrival order. */
    private void fire(List<Row> rows, long ts, Output out) {
        if (preceding < 0) {
            fireUnbounded(rows, out);
        } else if (rowsMode) {
            fireBoundedRows(rows, out);
        } else {
            fireBoundedRange(rows, ts, out);
        }
    }

    private void fireUnbounded(List<Row> rows, Output out) {
        Accumulator[] accs = running.value(NAMESPACE);
        if (accs == null) {
            accs = functions.createAccumulators();
        }
        if (rowsMode) {
            for (Row row : rows) {
                functions.accumulate(accs, row);
                emit(row, accs, out);
            }
        } else {
            // RANGE: rows with equal timestamps are peers and see each other.
            for (Row row : rows) {
                functions.accumulate(accs, row);
            }
            for (Row row : rows) {
                emit(row, accs, out);
            }
        }
        running.update(NAMESPACE, accs);
    }

    private void fireBoundedRows(List<Row> rows, Output out) {
        List<Row> window = new ArrayList<>(frame.get(NAMESPACE));
        for (Row row : rows) {
            window.add(row);
            if (window.size() > preceding + 1) {
                window.remove(0);
            }
            emit(row, aggregate(window), out);
        }
        frame.update(NAMESPACE, window);
    }

    private void fireBoundedRange(List<Row> rows, long ts, Output out) {
        List<Row> window = new ArrayList<>(frame.get(NAMESPACE));
        window.addAll(rows);
        long lowest = ts - preceding;
        int expired = 0;
        while (expired < window.size() && (Long) window.get(expired).field(timeIndex) < lowest) {
            expired++;
        }
        window = new ArrayList<>(window.subList(expired, window.size()));
        Accumulator[] accs = aggregate(window);
        for (Row row : rows) {
            emit(row, accs, out);
        }
        frame.update(NAMESPACE, window);
    }

    private Accumulator[] aggregate(List<Row> window) {
        Accumulator[] accs = functions.createAccumulators();
        for (Row row : window) {
            functions.accumulate(accs, row);
        }
        return accs;
    }

    private void emit(Row row, Accumulator[] accs, Output out) {
        Object[] values = new Object[inputArity + functions.size()];
        for (int i = 0; i < inputArity; i++) {
            values[i] = row.field(i);
        }
        functions.results(accs, values, inputArity);
        out.collect(Row.wrap(RowKind.INSERT, values));
    }

    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        state.snapshot(context, buffer.watermark());
    }

    /** Registered timers, i.e. (key, timestamp) pairs with rows waiting for the watermark, for tests. */
    public int pendingTimestamps() {
        return buffer.pendingTimestamps();
    }

    @Override
    public void close() {
        state.close();
    }
}

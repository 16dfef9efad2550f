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
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.StateDescriptor;
import dev.weir.state.ValueState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OVER aggregation ordered by a column other than the rowtime, over an insert-only or updating input,
 * with an UNBOUNDED PRECEDING frame (semantics in {@link OverAggregateSpec}), as Flink's non-time
 * OVER functions.
 *
 * <p>Keyed state per partition key: every input row, change kind erased, in one sorted list (rows
 * that tie on the order key in arrival order; a retraction takes back the first equal row). Rows
 * sorting before the changed row keep their frames, so only the rows from the changed row's first
 * peer on are aggregated again, before and after the change; the difference between those two
 * output multisets is emitted, retractions (-D) first, then additions (+I). Simple rather than
 * fast: a change costs O(partition size) and rewrites the partition's list.
 */
public final class NonTimeOverAggregateOperator implements StreamOperator {
    static final String KEYED_DIR = "keyed";
    private static final Long NAMESPACE = 0L;

    private final SortKeyOrder order;
    private final SortedRows sorted;
    private final boolean rowsMode;
    private final int inputArity;
    private final AggregateFunctions functions;
    private final RowKeys keys;
    private final KeyedStateBackend backend;
    private final ValueState<Long, List<Row>> sortedRows;

    public NonTimeOverAggregateOperator(OverAggregateSpec spec, RowType inputType, OperatorContext context)
            throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(context, "context is null");
        if (!spec.nonTimeOrder()) {
            throw new IllegalArgumentException("not an OVER aggregation ordered by a non-time column: " + spec);
        }
        this.order = new SortKeyOrder(spec.order());
        this.sorted = new SortedRows(order);
        this.rowsMode = spec.rows();
        this.inputArity = inputType.arity();
        this.functions = new AggregateFunctions(spec.aggregateCalls(), inputType);
        this.keys = new RowKeys(spec.keyIndices(), inputType);
        this.backend = keys.openBackend(context, KEYED_DIR);
        try {
            this.sortedRows = backend.valueState(new StateDescriptor<>("non-time-over-rows", Serializers.LONG,
                    new SortedRows.Serializer(new RowSerializer(inputType))));
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public void processElement(Row row, Output out) {
        backend.setCurrentKey(keys.key(row));
        List<Row> before = sortedRows.value(NAMESPACE);
        if (before == null) {
            before = List.of();
        }
        Row current = row.kind() == RowKind.INSERT ? row : row.withKind(RowKind.INSERT);
        boolean add = row.kind() == RowKind.INSERT || row.kind() == RowKind.UPDATE_AFTER;
        // A copy: the heap backend may still hold the stored list for a pending snapshot.
        List<Row> after = new ArrayList<>(before.size() + 1);
        after.addAll(before);
        if (add) {
            after.add(sorted.upperBound(before, current), current); // after the rows it ties with: arrival order
        } else {
            int at = sorted.indexOf(before, current);
            if (at < 0) {
                return; // retracts a row never seen (as Flink, which ignores it)
            }
            after.remove(at);
        }
        if (after.isEmpty()) {
            sortedRows.clear(NAMESPACE);
        } else {
            sortedRows.update(NAMESPACE, after);
        }
        // Rows before the changed row's first peer are the same in both lists, and so are their frames.
        int from = sorted.lowerBound(before, current);
        List<Row> was = outputs(before, from);
        List<Row> now = outputs(after, from);
        emitDifference(was, now, out);
    }

    /** The output rows (input row + aggregates) of {@code rows} from position {@code from} on. */
    private List<Row> outputs(List<Row> rows, int from) {
        Accumulator[] accs = functions.createAccumulators();
        for (int i = 0; i < from; i++) {
            functions.accumulate(accs, rows.get(i));
        }
        List<Row> outputs = new ArrayList<>(rows.size() - from);
        int i = from;
        while (i < rows.size()) {
            if (rowsMode) {
                functions.accumulate(accs, rows.get(i));
                outputs.add(withAggregates(rows.get(i), accs));
                i++;
            } else {
                // RANGE: the peers (equal order keys) are in each other's frame.
                int end = i + 1;
                while (end < rows.size() && order.compare(rows.get(i), rows.get(end)) == 0) {
                    end++;
                }
                for (int j = i; j < end; j++) {
                    functions.accumulate(accs, rows.get(j));
                }
                for (int j = i; j < end; j++) {
                    outputs.add(withAggregates(rows.get(j), accs));
                }
                i = end;
            }
        }
        return outputs;
    }

    /** Retracts the rows of {@code was} missing from {@code now}, then adds those new in {@code now}. */
    private static void emitDifference(List<Row> was, List<Row> now, Output out) {
        Map<Row, Integer> counts = new HashMap<>();
        for (Row r : now) {
            counts.merge(r, 1, Integer::sum);
        }
        for (Row r : was) {
            Integer n = counts.get(r);
            if (n == null) {
                out.collect(r.withKind(RowKind.DELETE));
            } else if (n == 1) {
                counts.remove(r);
            } else {
                counts.put(r, n - 1);
            }
        }
        for (Row r : now) {
            Integer n = counts.get(r);
            if (n != null) {
                out.collect(r);
                if (n == 1) {
                    counts.remove(r);
                } else {
                    counts.put(r, n - 1);
                }
            }
        }
    }

    private Row withAggregates(Row row, Accumulator[] accs) {
        Object[] values = new Object[inputArity + functions.size()];
        for (int i = 0; i < inputArity; i++) {
            values[i] = row.field(i);
        }
        functions.results(accs, values, inputArity);
        return Row.wrap(RowKind.INSERT, values);
    }




    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        backend.snapshot(context.checkpointId(), context.directory().resolve(KEYED_DIR));
    }

    @Override
    public void close() {
        backend.close();
    }

}

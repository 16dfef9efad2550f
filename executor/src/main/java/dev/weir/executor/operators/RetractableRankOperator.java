package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.RankSpec;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.StateDescriptor;
import dev.weir.state.ValueState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Top-N per key over an updating input, as Flink's RetractableTopNFunction (semantics in
 * {@link RankSpec}): every input row of a key, change kind erased, in one sorted list in keyed state
 * (rows that tie on the sort key in arrival order), so that a retraction from the top N can be
 * refilled from the rows below it. Each change emits the difference between the top N before and
 * after it. Simple rather than fast: a change rewrites the key's whole list.
 */
public final class RetractableRankOperator implements StreamOperator {
    static final String KEYED_DIR = "keyed";
    private static final Long NAMESPACE = 0L;

    private final SortKeyOrder order;
    private final SortedRows sorted;
    private final int limit;
    private final boolean outputRank;
    private final RowKeys keys;
    private final KeyedStateBackend backend;
    private final ValueState<Long, List<Row>> sortedRows;

    public RetractableRankOperator(RankSpec spec, RowType inputType, OperatorContext context) throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(context, "context is null");
        this.order = new SortKeyOrder(spec.order());
        this.sorted = new SortedRows(order);
        this.limit = (int) Math.min(spec.limit(), 1_000_000);
        this.outputRank = spec.outputRank();
        this.keys = new RowKeys(spec.keyIndices(), inputType);
        this.backend = keys.openBackend(context, KEYED_DIR);
        try {
            this.sortedRows = backend.valueState(new StateDescriptor<>("retractable-rank-rows", Serializers.LONG,
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
        int at;
        // A copy: the heap backend may still hold the stored list for a pending snapshot.
        List<Row> after = new ArrayList<>(before.size() + 1);
        after.addAll(before);
        if (add) {
            at = sorted.upperBound(before, current); // after the rows it ties with: arrival order
            after.add(at, current);
        } else {
            at = sorted.indexOf(before, current);
            if (at < 0) {
                return; // retracts a row never seen (as Flink, which ignores it without state TTL errors)
            }
            after.remove(at);
        }
        if (after.isEmpty()) {
            sortedRows.clear(NAMESPACE);
        } else {
            sortedRows.update(NAMESPACE, after);
        }
        if (at >= limit) {
            return; // below the top N: the top is unchanged
        }
        if (outputRank) {
            emitRankChanges(before, after, at, out);
        } else if (add) {
            if (before.size() >= limit) {
                out.collect(before.get(limit - 1).withKind(RowKind.DELETE)); // pushed out
            }
            out.collect(current);
        } else {
            out.collect(current.withKind(RowKind.DELETE));
            if (after.size() >= limit) {
                out.collect(after.get(limit - 1)); // moved up into the top N
            }
        }
    }

    /** Per rank from {@code from} to N: -U/+U where its row changed, +I if newly filled, -D if emptied. */
    private void emitRankChanges(List<Row> before, List<Row> after, int from, Output out) {
        for (int rank = from; rank < limit; rank++) {
            Row was = rank < before.size() ? before.get(rank) : null;
            Row now = rank < after.size() ? after.get(rank) : null;
            if (was == null && now == null) {
                return;
            }
            if (was == null) {
                out.collect(RankOperator.withRank(now, rank + 1, RowKind.INSERT));
            } else if (now == null) {
                out.collect(RankOperator.withRank(was, rank + 1, RowKind.DELETE));
            } else if (!was.equals(now)) {
                out.collect(RankOperator.withRank(was, rank + 1, RowKind.UPDATE_BEFORE));
                out.collect(RankOperator.withRank(now, rank + 1, RowKind.UPDATE_AFTER));
            }
        }
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

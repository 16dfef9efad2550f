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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Top-N per key over an insert-only input (semantics in {@link RankSpec}): one sorted list of at
 * most N rows per key in keyed state.
 */
public final class RankOperator implements StreamOperator {
    static final String KEYED_DIR = "keyed";
    private static final Long NAMESPACE = 0L;

    private final SortKeyOrder order;
    private final int limit;
    private final boolean outputRank;
    private final RowKeys keys;
    private final KeyedStateBackend backend;
    private final ValueState<Long, List<Row>> topRows;

    public RankOperator(RankSpec spec, RowType inputType, OperatorContext context) throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(context, "context is null");
        this.order = new SortKeyOrder(spec.order());
        this.limit = (int) Math.min(spec.limit(), 1_000_000);
        this.outputRank = spec.outputRank();
        this.keys = new RowKeys(spec.keyIndices(), inputType);
        Path restoreDir = context.restoreDir();
        this.backend = keys.openBackend(context, KEYED_DIR);
        try {
            this.topRows = backend.valueState(new StateDescriptor<>("rank-top-rows", Serializers.LONG,
                    new SortedRows.Serializer(new RowSerializer(inputType))));
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public void processElement(Row row, Output out) {
        backend.setCurrentKey(keys.key(row));
        List<Row> top = topRows.value(NAMESPACE);
        if (top == null) {
            top = new ArrayList<>();
        }
        // Insert after every row that sorts before or equal to it (ties keep arrival order).
        int at = top.size();
        while (at > 0 && order.compare(row, top.get(at - 1)) < 0) {
            at--;
        }
        if (at >= limit) {
            return;
        }
        Row current = row.kind() == RowKind.INSERT ? row : row.withKind(RowKind.INSERT);
        List<Row> updated = new ArrayList<>(top);
        updated.add(at, current);
        if (updated.size() > limit) {
            updated.remove(updated.size() - 1);
        }
        topRows.update(NAMESPACE, updated);
        if (!outputRank) {
            // Without the rank column only the entering row and the one pushed out change.
            if (top.size() >= limit) {
                out.collect(top.get(limit - 1).withKind(RowKind.DELETE));
            }
            out.collect(current);
            return;
        }
        for (int rank = at; rank < updated.size(); rank++) {
            Row now = updated.get(rank);
            if (rank < top.size()) {
                out.collect(withRank(top.get(rank), rank + 1, RowKind.UPDATE_BEFORE));
                out.collect(withRank(now, rank + 1, RowKind.UPDATE_AFTER));
            } else {
                out.collect(withRank(now, rank + 1, RowKind.INSERT));
            }
        }
    }

    /** {@code row} with its rank appended as the last column. */
    static Row withRank(Row row, long rank, RowKind kind) {
        int n = row.arity();
        Object[] values = new Object[n + 1];
        for (int i = 0; i < n; i++) {
            values[i] = row.field(i);
        }
        values[n] = rank;
        return Row.wrap(kind, values);
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

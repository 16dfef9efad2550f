package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.MultiInputOperator;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.plan.JoinSpec;
import dev.weir.executor.plan.JoinType;
import dev.weir.state.KeyedStateBackend;
import java.io.IOException;
import java.util.List;

/**
 * The regular streaming join (semantics in {@link JoinSpec}).
 *
 * <p>Keyed state per join key, one map per input: each distinct row (change kind erased) to how
 * many copies of it are live and, for an outer input, with how many rows of the other input it
 * currently joins. The second number is what decides when a NULL-padded row must be retracted
 * (first match) or emitted again (last match gone). With {@code table.exec.state.ttl}, rows not
 * written for that long are dropped ({@link JoinState}).
 */
final class JoinOperator implements MultiInputOperator {
    static final String KEYED_DIR = "keyed";

    private final JoinType joinType;
    private final JoinedRows joined;
    private final JoinProbe probe;
    private final RowKeys[] keys = new RowKeys[2];
    private final KeyedStateBackend backend;
    private final JoinState rows;

    JoinOperator(JoinSpec spec, List<RowType> inputTypes, OperatorContext context) throws IOException {
        this.joinType = spec.joinType();
        this.joined = new JoinedRows(inputTypes.get(0).arity(), inputTypes.get(1).arity());
        this.probe = new JoinProbe(joined, spec.condition());
        for (int input = 0; input < 2; input++) {
            keys[input] = new RowKeys(spec.keys().of(input), inputTypes.get(input));
        }
        this.backend = keys[0].openBackend(context, KEYED_DIR);
        try {
            this.rows = new JoinState(backend, List.of("join-left-rows", "join-right-rows"), inputTypes,
                    spec.stateTtlMillis(), context.processingClock());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public void processElement(int input, Row row, Output out) throws Exception {
        rows.expire();
        boolean accumulate = row.kind() == RowKind.INSERT || row.kind() == RowKind.UPDATE_AFTER;
        Row record = row.kind() == RowKind.INSERT ? row : row.withKind(RowKind.INSERT);
        int other = 1 - input;
        boolean outer = joinType.isOuter(input);
        boolean otherOuter = joinType.isOuter(other);
        Row key = keys[input].key(row);
        if (JoinedRows.hasNull(key)) {
            if (outer) {
                out.collect(joined.padded(input, record, accumulate ? RowKind.INSERT : RowKind.DELETE));
            }
            return;
        }
        backend.setCurrentKey(key);
        // An outer input's joined rows replace its padded row, so they are plain inserts and deletes;
        // an inner input's keep the change kind of the row that caused them.
        RowKind joinedKind = outer || otherOuter ? (accumulate ? RowKind.INSERT : RowKind.DELETE) : row.kind();
        long matches = probe.probe(input, record, joinedKind, accumulate, otherOuter, rows.entries(other), null, out);
        probe.writeUpdates((stored, counts) -> rows.put(other, stored, counts));
        if (outer && matches == 0) {
            out.collect(joined.padded(input, record, accumulate ? RowKind.INSERT : RowKind.DELETE));
        }
        long[] counts = rows.get(input, record);
        if (accumulate || counts != null) {
            long[] next = JoinCounts.next(counts, accumulate, matches);
            if (next == null) {
                rows.remove(input, record);
            } else {
                rows.put(input, record, next);
            }
        }
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        rows.expire(); // idle keys expire while no rows arrive
        out.emitWatermark(watermark);
    }

    /** Keys with a pending state-TTL timer (tests). */
    int keysWithTtlTimers() {
        return rows.keysWithTtlTimers();
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

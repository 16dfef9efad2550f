package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.operator.MultiInputOperator;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.plan.JoinSpec;
import dev.weir.executor.plan.JoinType;
import dev.weir.state.KeyedStateBackend;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    private final ScalarExpression condition;
    private final JoinedRows joined;
    private final RowKeys[] keys = new RowKeys[2];
    private final KeyedStateBackend backend;
    private final JoinState rows;
    /** Match counts of the other input's rows changed by one probe, written after it; reused. */
    private final List<Row> updatedRows = new ArrayList<>();
    private final List<long[]> updatedCounts = new ArrayList<>();

    JoinOperator(JoinSpec spec, List<RowType> inputTypes, OperatorContext context) throws IOException {
        this.joinType = spec.joinType();
        this.condition = spec.condition();
        this.joined = new JoinedRows(inputTypes.get(0).arity(), inputTypes.get(1).arity());
        for (int input = 0; input < 2; input++) {
            keys[input] = new RowKeys(spec.keysOf(input), inputTypes.get(input));
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
        long matches = 0;
        for (Map.Entry<Row, long[]> e : rows.entries(other).entrySet()) {
            Row candidate = e.getKey();
            Row result = joined.join(input, record, candidate, joinedKind);
            if (condition != null && !Boolean.TRUE.equals(condition.evaluate(result))) {
                continue;
            }
            long[] counts = e.getValue();
            long copies = counts[0];
            matches += copies;
            if (otherOuter && accumulate && counts[1] == 0) {
                emit(out, joined.padded(other, candidate, RowKind.DELETE), copies);
            }
            emit(out, result, copies);
            if (otherOuter) {
                long[] updated = {copies, counts[1] + (accumulate ? 1 : -1)};
                updatedRows.add(candidate);
                updatedCounts.add(updated);
                if (!accumulate && updated[1] == 0) {
                    emit(out, joined.padded(other, candidate, RowKind.INSERT), copies);
                }
            }
        }
        // Written after the loop: the entries are a live view that must not change while iterated.
        for (int i = 0; i < updatedRows.size(); i++) {
            rows.put(other, updatedRows.get(i), updatedCounts.get(i));
        }
        updatedRows.clear();
        updatedCounts.clear();
        if (outer && matches == 0) {
            out.collect(joined.padded(input, record, accumulate ? RowKind.INSERT : RowKind.DELETE));
        }
        long[] counts = rows.get(input, record);
        if (accumulate) {
            rows.put(input, record, counts == null ? new long[] {1, matches} : new long[] {counts[0] + 1, matches});
        } else if (counts != null) {
            if (counts[0] <= 1) {
                rows.remove(input, record);
            } else {
                rows.put(input, record, new long[] {counts[0] - 1, counts[1]});
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

    private static void emit(Output out, Row row, long copies) {
        for (long i = 0; i < copies; i++) {
            out.collect(row);
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

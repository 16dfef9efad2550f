package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.MultiInputOperator;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.plan.SemiAntiJoinSpec;
import dev.weir.state.KeyedStateBackend;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The streaming semi and anti join (semantics in {@link SemiAntiJoinSpec}).
 *
 * <p>Keyed state per join key: each distinct left row (change kind erased) with
 * {@code [copies, matches]} — how many copies are live and how many right rows (copies counted)
 * satisfy the condition with it — and each distinct right row with its number of copies. The match
 * count is what tells a right row that a left row's first match arrived, or its last one left.
 * With {@code table.exec.state.ttl}, rows not written for that long are dropped without a
 * retraction ({@link JoinState}, as the regular join); a retraction of a dropped right row then
 * changes nothing.
 */
final class SemiAntiJoinOperator implements MultiInputOperator {
    static final String KEYED_DIR = "keyed";
    private static final int LEFT = 0;
    private static final int RIGHT = 1;

    private final boolean anti;
    private final JoinCondition condition;
    private final JoinedRows joined;
    private final RowKeys[] keys = new RowKeys[2];
    private final KeyedStateBackend backend;
    /** Left rows with {@code [copies, matches]}, right rows with {@code [copies, 0]}: the regular join's layout. */
    private final JoinState rows;
    /** Left rows whose match count one right row changed, written after the scan; reused. */
    private final List<Row> updatedRows = new ArrayList<>();
    private final List<long[]> updatedCounts = new ArrayList<>();

    SemiAntiJoinOperator(SemiAntiJoinSpec spec, List<RowType> inputTypes, OperatorContext context)
            throws IOException {
        this.anti = spec.anti();
        this.joined = new JoinedRows(inputTypes.get(0).arity(), inputTypes.get(1).arity());
        this.condition = new JoinCondition(spec.condition(), joined);
        for (int input = 0; input < 2; input++) {
            keys[input] = new RowKeys(spec.keys().of(input), inputTypes.get(input));
        }
        this.backend = keys[0].openBackend(context, KEYED_DIR);
        try {
            this.rows = new JoinState(backend, List.of("semi-anti-join-left-rows", "semi-anti-join-right-rows"),
                    inputTypes, spec.stateTtlMillis(), context.processingClock());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public void processElement(int input, Row row, Output out) throws Exception {
        rows.expire();
        if (input == LEFT) {
            processLeft(row, out);
        } else {
            processRight(row, out);
        }
    }

    private void processLeft(Row row, Output out) {
        Row key = keys[0].key(row);
        if (JoinedRows.hasNull(key)) {
            // Matches nothing: an anti join passes it (and its retraction) through, a semi join never emits it.
            if (anti) {
                out.collect(row);
            }
            return;
        }
        backend.setCurrentKey(key);
        boolean accumulate = row.kind() == RowKind.INSERT || row.kind() == RowKind.UPDATE_AFTER;
        Row record = row.kind() == RowKind.INSERT ? row : row.withKind(RowKind.INSERT);
        long[] counts = rows.get(LEFT, record);
        // A stored copy already knows its matches; a new row (or a retraction of one never seen) counts them.
        long matches = counts != null ? counts[1] : countMatches(record);
        if (anti == (matches == 0)) {
            out.collect(row);
        }
        if (accumulate || counts != null) {
            long[] next = JoinCounts.next(counts, accumulate, matches);
            if (next == null) {
                rows.remove(LEFT, record);
            } else {
                rows.put(LEFT, record, next);
            }
        }
    }

    /** How many right rows of the current key (copies counted) satisfy the condition with {@code left}. */
    private long countMatches(Row left) {
        long matches = 0;
        for (Map.Entry<Row, long[]> e : rows.entries(RIGHT).entrySet()) {
            if (condition.holds(0, left, e.getKey())) {
                matches += e.getValue()[0];
            }
        }
        return matches;
    }

    private void processRight(Row row, Output out) {
        Row key = keys[1].key(row);
        if (JoinedRows.hasNull(key)) {
            return; // matches nothing, so it changes nothing
        }
        backend.setCurrentKey(key);
        boolean accumulate = row.kind() == RowKind.INSERT || row.kind() == RowKind.UPDATE_AFTER;
        Row record = row.kind() == RowKind.INSERT ? row : row.withKind(RowKind.INSERT);
        long[] copies = rows.get(RIGHT, record);
        if (accumulate) {
            rows.put(RIGHT, record, new long[] {copies == null ? 1 : copies[0] + 1, 0});
        } else if (copies == null) {
            return; // a retraction of a row never stored (or dropped by the TTL) took no match away
        } else if (copies[0] <= 1) {
            rows.remove(RIGHT, record);
        } else {
            rows.put(RIGHT, record, new long[] {copies[0] - 1, 0});
        }
        // Semi: a first match emits the left row with this row's kind (+I/+U), a last one retracts it
        // with this row's kind (-D/-U). Anti: the reverse, as -D and +I.
        RowKind firstMatchKind = anti ? RowKind.DELETE : row.kind();
        RowKind lastMatchKind = anti ? RowKind.INSERT : row.kind();
        for (Map.Entry<Row, long[]> e : rows.entries(LEFT).entrySet()) {
            Row left = e.getKey();
            if (!condition.holds(1, record, left)) {
                continue;
            }
            long[] counts = e.getValue();
            if (accumulate && counts[1] == 0) {
                JoinProbe.emit(out, left.withKind(firstMatchKind), counts[0]);
            } else if (!accumulate && counts[1] == 1) {
                JoinProbe.emit(out, left.withKind(lastMatchKind), counts[0]);
            }
            updatedRows.add(left);
            updatedCounts.add(new long[] {counts[0], counts[1] + (accumulate ? 1 : -1)});
        }
        // Written after the loop: the entries are a live view that must not change while iterated.
        for (int i = 0; i < updatedRows.size(); i++) {
            rows.put(LEFT, updatedRows.get(i), updatedCounts.get(i));
        }
        updatedRows.clear();
        updatedCounts.clear();
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        rows.expire(); // idle keys expire while no rows arrive
        out.emitWatermark(watermark);
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

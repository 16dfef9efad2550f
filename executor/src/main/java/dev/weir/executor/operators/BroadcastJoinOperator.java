package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.operator.MultiInputOperator;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.plan.JoinSpec;
import dev.weir.executor.plan.JoinType;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.MapState;
import dev.weir.state.StateDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A regular join with one input broadcast ({@link JoinSpec#broadcastInput}, {@code /*+ BROADCAST(t) *}{@code /}):
 * every subtask receives every row of the broadcast input and keeps them all in memory ({@link BroadcastRows});
 * the rows of the other, spread input are hashed on all their columns and kept in keyed state under their key
 * group's bucket ({@link KeyGroupBuckets}). Each pair of rows meets on exactly one subtask, the one holding the
 * spread row, so the joined rows are those of {@link JoinOperator}; a join without equalities, which the usual
 * join runs on one subtask, runs on all of them.
 *
 * <p>The spread input may be an outer join's preserved side: a spread row sees every broadcast row, so its
 * subtask knows when its first match arrives and its last one goes. The broadcast side never is.
 */
final class BroadcastJoinOperator implements MultiInputOperator {
    static final String KEYED_DIR = "keyed";
    private static final Long NAMESPACE = 0L;

    private final int broadcast;
    private final int spread;
    private final JoinType joinType;
    private final ScalarExpression condition;
    private final JoinedRows joined;
    private final RowKeys[] keys = new RowKeys[2];
    private final BroadcastRows broadcastRows;
    private final KeyGroupBuckets buckets;
    private final Row[] bucketKeys;
    private final KeyedStateBackend backend;
    /** The spread input's rows of the current bucket, each to {@code [copies, matches]} ({@link JoinCounts}). */
    private final MapState<Long, Row, long[]> spreadRows;
    /** Match counts changed by one broadcast row in the current bucket, written after it; reused. */
    private final List<Row> updatedRows = new ArrayList<>();
    private final List<long[]> updatedCounts = new ArrayList<>();

    BroadcastJoinOperator(JoinSpec spec, List<RowType> inputTypes, OperatorContext context) throws IOException {
        this.broadcast = spec.broadcastInput();
        this.spread = 1 - broadcast;
        this.joinType = spec.joinType();
        this.condition = spec.condition();
        this.joined = new JoinedRows(inputTypes.get(0).arity(), inputTypes.get(1).arity());
        for (int input = 0; input < 2; input++) {
            keys[input] = new RowKeys(spec.keysOf(input), inputTypes.get(input));
        }
        this.broadcastRows = new BroadcastRows(new RowSerializer(inputTypes.get(broadcast)));
        this.buckets = new KeyGroupBuckets(context.maxParallelism(), context.keyGroupRange());
        this.bucketKeys = buckets.keys();
        RowKeys bucketKey = new RowKeys(new int[] {0}, KeyGroupBuckets.KEY_TYPE);
        this.backend = bucketKey.openBackend(context, KEYED_DIR);
        try {
            this.spreadRows = backend.mapState(new StateDescriptor<>("broadcast-join-spread-rows", Serializers.LONG,
                    JoinCounts.SERIALIZER), new RowSerializer(inputTypes.get(spread)));
            Path restoreDir = context.restoreDir();
            if (restoreDir != null) {
                broadcastRows.read(restoreDir.resolve(BroadcastRows.FILE), keys[broadcast]);
            }
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public void processElement(int input, Row row, Output out) throws Exception {
        boolean accumulate = row.kind() == RowKind.INSERT || row.kind() == RowKind.UPDATE_AFTER;
        Row record = row.kind() == RowKind.INSERT ? row : row.withKind(RowKind.INSERT);
        // An outer input's joined rows replace its padded row, so they are plain inserts and deletes; an inner
        // join's keep the change kind of the row that caused them.
        RowKind joinedKind = joinType.isOuter(spread) ? (accumulate ? RowKind.INSERT : RowKind.DELETE) : row.kind();
        if (input == broadcast) {
            processBroadcast(record, accumulate, joinedKind, out);
        } else {
            processSpread(record, accumulate, joinedKind, out);
        }
    }

    private void processSpread(Row record, boolean accumulate, RowKind joinedKind, Output out) throws Exception {
        boolean outer = joinType.isOuter(spread);
        Row key = keys[spread].key(record);
        if (JoinedRows.hasNull(key)) {
            if (outer) {
                out.collect(joined.padded(spread, record, accumulate ? RowKind.INSERT : RowKind.DELETE));
            }
            return;
        }
        long matches = 0;
        for (Map.Entry<Row, long[]> e : broadcastRows.rowsOf(key).entrySet()) {
            Row result = joined.join(spread, record, e.getKey(), joinedKind);
            if (condition == null || Boolean.TRUE.equals(condition.evaluate(result))) {
                long copies = e.getValue()[0];
                matches += copies;
                emit(out, result, copies);
            }
        }
        if (outer && matches == 0) {
            out.collect(joined.padded(spread, record, accumulate ? RowKind.INSERT : RowKind.DELETE));
        }
        backend.setCurrentKey(buckets.keyOf(record));
        long[] counts = spreadRows.get(NAMESPACE, record);
        if (accumulate) {
            spreadRows.put(NAMESPACE, record, new long[] {counts == null ? 1 : counts[0] + 1, matches});
        } else if (counts != null) {
            if (counts[0] <= 1) {
                spreadRows.remove(NAMESPACE, record);
            } else {
                spreadRows.put(NAMESPACE, record, new long[] {counts[0] - 1, counts[1]});
            }
        }
    }

    private void processBroadcast(Row record, boolean accumulate, RowKind joinedKind, Output out) throws Exception {
        Row key = keys[broadcast].key(record);
        if (JoinedRows.hasNull(key)) {
            return; // matches nothing, and the broadcast side is never padded
        }
        boolean spreadOuter = joinType.isOuter(spread);
        for (Row bucket : bucketKeys) {
            backend.setCurrentKey(bucket);
            for (Map.Entry<Row, long[]> e : spreadRows.readEntries(NAMESPACE).entrySet()) {
                Row candidate = e.getKey();
                if (!key.equals(keys[spread].key(candidate))) {
                    continue;
                }
                Row result = joined.join(broadcast, record, candidate, joinedKind);
                if (condition != null && !Boolean.TRUE.equals(condition.evaluate(result))) {
                    continue;
                }
                long[] counts = e.getValue();
                long copies = counts[0];
                if (spreadOuter && accumulate && counts[1] == 0) {
                    emit(out, joined.padded(spread, candidate, RowKind.DELETE), copies);
                }
                emit(out, result, copies);
                if (spreadOuter) {
                    long[] updated = {copies, counts[1] + (accumulate ? 1 : -1)};
                    updatedRows.add(candidate);
                    updatedCounts.add(updated);
                    if (!accumulate && updated[1] == 0) {
                        emit(out, joined.padded(spread, candidate, RowKind.INSERT), copies);
                    }
                }
            }
            // Written after the loop: the entries are a live view that must not change while iterated.
            for (int i = 0; i < updatedRows.size(); i++) {
                spreadRows.put(NAMESPACE, updatedRows.get(i), updatedCounts.get(i));
            }
            updatedRows.clear();
            updatedCounts.clear();
        }
        if (accumulate) {
            broadcastRows.add(key, record);
        } else {
            broadcastRows.remove(key, record);
        }
    }

    private static void emit(Output out, Row row, long copies) {
        for (long i = 0; i < copies; i++) {
            out.collect(row);
        }
    }

    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        backend.snapshot(context.checkpointId(), context.directory().resolve(KEYED_DIR));
        broadcastRows.write(context.directory().resolve(BroadcastRows.FILE));
    }

    @Override
    public void close() {
        backend.close();
    }
}

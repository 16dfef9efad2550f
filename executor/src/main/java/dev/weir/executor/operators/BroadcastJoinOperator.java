package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
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
import java.util.List;
import java.util.function.Predicate;

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
    private final JoinedRows joined;
    private final JoinProbe probe;
    private final RowKeys[] keys = new RowKeys[2];
    private final BroadcastRows broadcastRows;
    private final KeyGroupBuckets buckets;
    private final Row[] bucketKeys;
    private final KeyedStateBackend backend;
    /** The spread input's rows of the current bucket, each to {@code [copies, matches]} ({@link JoinCounts}). */
    private final MapState<Long, Row, long[]> spreadRows;

    BroadcastJoinOperator(JoinSpec spec, List<RowType> inputTypes, OperatorContext context) throws IOException {
        this.broadcast = spec.broadcastInput();
        this.spread = 1 - broadcast;
        this.joinType = spec.joinType();
        this.joined = new JoinedRows(inputTypes.get(0).arity(), inputTypes.get(1).arity());
        this.probe = new JoinProbe(joined, spec.condition());
        for (int input = 0; input < 2; input++) {
            keys[input] = new RowKeys(spec.keys().of(input), inputTypes.get(input));
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
        long matches = probe.probe(spread, record, joinedKind, accumulate, false, broadcastRows.rowsOf(key), null, out);
        if (outer && matches == 0) {
            out.collect(joined.padded(spread, record, accumulate ? RowKind.INSERT : RowKind.DELETE));
        }
        backend.setCurrentKey(buckets.keyOf(record));
        long[] counts = spreadRows.get(NAMESPACE, record);
        if (accumulate || counts != null) {
            long[] next = JoinCounts.next(counts, accumulate, matches);
            if (next == null) {
                spreadRows.remove(NAMESPACE, record);
            } else {
                spreadRows.put(NAMESPACE, record, next);
            }
        }
    }

    private void processBroadcast(Row record, boolean accumulate, RowKind joinedKind, Output out) throws Exception {
        Row key = keys[broadcast].key(record);
        if (JoinedRows.hasNull(key)) {
            return; // matches nothing, and the broadcast side is never padded
        }
        boolean spreadOuter = joinType.isOuter(spread);
        // Only a spread row with the same key joins (none of this join's keys is the spread rows' state key).
        Predicate<Row> sameKey = keys[spread].isEmpty() ? null : candidate -> key.equals(keys[spread].key(candidate));
        for (Row bucket : bucketKeys) {
            backend.setCurrentKey(bucket);
            probe.probe(broadcast, record, joinedKind, accumulate, spreadOuter, spreadRows.readEntries(NAMESPACE),
                    sameKey, out);
            probe.writeUpdates((stored, counts) -> spreadRows.put(NAMESPACE, stored, counts));
        }
        if (accumulate) {
            broadcastRows.add(key, record);
        } else {
            broadcastRows.remove(key, record);
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

package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.WindowRankSpec;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.ListState;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Window Top-N and window deduplication (semantics in {@link WindowRankSpec}): per key and window
 * (namespace: the window end) the sorted list of at most N rows in keyed state, and one event-time
 * timer per key and window at its fire time, which emits the list and clears it. Rows beyond N
 * are never kept: the input is insert-only. The watermark is part of the snapshot.
 */
final class WindowRankOperator implements StreamOperator {
    static final String STATE_FILE = "window-rank.bin";

    private final int windowEnd;
    private final SortKeyOrder order;
    private final int limit;
    private final boolean outputRank;
    private final boolean tiesReplace;
    private final WindowTimeZone zone;
    private final RowKeys keys;
    private final EventTimeState state;
    private final KeyedStateBackend backend;
    private final ListState<Long, Row> topRows;
    private final TimerService<Long> timers;
    private final OperatorMetrics metrics;
    private final TimerService.Callback<Long> onTimer = this::fire;
    private final EventTimeClock eventTime = new EventTimeClock();

    WindowRankOperator(WindowRankSpec spec, RowType inputType, OperatorContext context) throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        this.windowEnd = spec.windowEnd();
        this.order = new SortKeyOrder(spec.order());
        this.limit = (int) Math.min(spec.limit(), 1_000_000);
        this.outputRank = spec.outputRank();
        this.tiesReplace = spec.tiesReplace();
        this.zone = WindowTimeZone.of(spec.timeZone());
        this.metrics = context.metrics();
        this.keys = new RowKeys(spec.keyIndices(), inputType);
        this.state = EventTimeState.open(keys, context, STATE_FILE);
        this.backend = state.backend();
        this.topRows = state.declare(b -> b.listState(new StateDescriptor<>("window-rank-top-rows", Serializers.LONG,
                new RowSerializer(inputType))));
        this.timers = state.declare(b -> b.timerService("window-rank-timers", Serializers.LONG));
        eventTime.restore(state.restoredWatermark());
    }

    @Override
    public void processElement(Row row, Output out) {
        long end = (Long) row.field(windowEnd);
        long fireTime = zone.fireTime(end);
        if (fireTime <= eventTime.watermark()) {
            metrics.incrementLateRowsDropped(); // the window's rows have been emitted already
            return;
        }
        backend.setCurrentKey(keys.key(row));
        List<Row> top = topRows.get(end);
        // Insert after every row that sorts before it (and, unless ties replace, after equal ones).
        int at = top.size();
        while (at > 0 && order.compare(row, top.get(at - 1)) < (tiesReplace ? 1 : 0)) {
            at--;
        }
        if (at >= limit) {
            return;
        }
        Row current = row.kind() == RowKind.INSERT ? row : row.withKind(RowKind.INSERT);
        if (top.isEmpty()) {
            topRows.add(end, current);
            timers.registerEventTimeTimer(end, fireTime);
            return;
        }
        List<Row> updated = new ArrayList<>(top);
        updated.add(at, current);
        if (updated.size() > limit) {
            updated.remove(updated.size() - 1);
        }
        topRows.update(end, updated);
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        eventTime.processWatermark(watermark, out, timers, onTimer);
    }

    /** Emits the current key's top rows of the window ending at {@code end}, then drops them. */
    private void fire(Object key, Long end, long time) {
        List<Row> top = topRows.get(end);
        Output out = eventTime.firingOutput();
        for (int rank = 0; rank < top.size(); rank++) {
            out.collect(outputRank ? RankOperator.withRank(top.get(rank), rank + 1, RowKind.INSERT) : top.get(rank));
        }
        topRows.clear(end);
    }


    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        state.snapshot(context, eventTime.watermark());
    }

    @Override
    public void close() {
        state.close();
    }
}

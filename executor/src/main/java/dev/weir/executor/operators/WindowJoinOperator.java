package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.MultiInputOperator;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.plan.JoinType;
import dev.weir.executor.plan.WindowJoinSpec;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.ListState;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import java.io.IOException;
import java.util.List;

/**
 * The window join (semantics in {@link WindowJoinSpec}).
 *
 * <p>Keyed state per join key: for each input a list of its rows per window ({@code ListState}
 * namespaced by the window end), and one event-time timer per key and window at the window's fire
 * time. When the timer fires, both lists are read once, joined pairwise (nested loops: a window
 * holds the rows of one key only), and cleared. The watermark is part of the snapshot, so after a
 * restore a row is late or not exactly as in an uninterrupted run.
 */
final class WindowJoinOperator implements MultiInputOperator {
    static final String STATE_FILE = "window-join.bin";
    private static final String[] SIDES = {"left", "right"};

    private final JoinType joinType;
    private final JoinCondition condition;
    private final JoinedRows joined;
    private final int[] windowEnd;
    private final WindowTimeZone zone;
    private final RowKeys[] keys = new RowKeys[2];
    private final EventTimeState state;
    private final KeyedStateBackend backend;
    private final ListState<Long, Row>[] rows;
    private final TimerService<Long> timers;
    private final OperatorMetrics metrics;
    private final TimerService.Callback<Long> onTimer = this::fire;
    private final EventTimeClock eventTime = new EventTimeClock();

    @SuppressWarnings("unchecked")
    WindowJoinOperator(WindowJoinSpec spec, List<RowType> inputTypes, OperatorContext context) throws IOException {
        this.joinType = spec.joinType();
        this.joined = new JoinedRows(inputTypes.get(0).arity(), inputTypes.get(1).arity());
        this.condition = new JoinCondition(spec.condition(), joined);
        this.windowEnd = new int[] {spec.leftWindowEnd(), spec.rightWindowEnd()};
        this.zone = WindowTimeZone.of(spec.timeZone());
        this.metrics = context.metrics();
        for (int input = 0; input < 2; input++) {
            keys[input] = new RowKeys(spec.keys().of(input), inputTypes.get(input));
        }
        this.state = EventTimeState.open(keys[0], context, STATE_FILE);
        this.backend = state.backend();
        this.rows = new ListState[2];
        for (int input = 0; input < 2; input++) {
            int side = input;
            rows[input] = state.declare(b -> b.listState(new StateDescriptor<>("window-join-" + SIDES[side] + "-rows",
                    Serializers.LONG, new RowSerializer(inputTypes.get(side)))));
        }
        this.timers = state.declare(b -> b.timerService("window-join-timers", Serializers.LONG));
        eventTime.restore(state.restoredWatermark());
    }

    @Override
    public void processElement(int input, Row row, Output out) {
        long end = (Long) row.field(windowEnd[input]);
        long fireTime = zone.fireTime(end);
        if (fireTime <= eventTime.watermark()) {
            metrics.incrementLateRowsDropped(); // its window has been joined already
            return;
        }
        backend.setCurrentKey(keys[input].key(row));
        rows[input].add(end, row.kind() == RowKind.INSERT ? row : row.withKind(RowKind.INSERT));
        timers.registerEventTimeTimer(end, fireTime); // idempotent per key and window
    }

    @Override
    public void processWatermark(long watermark, Output out) throws Exception {
        eventTime.processWatermark(watermark, out, timers, onTimer);
    }

    /** Joins the current key's rows of the window ending at {@code end}, then drops them. */
    private void fire(Object key, Long end, long time) {
        List<Row> left = rows[0].get(end);
        List<Row> right = rows[1].get(end);
        boolean nullKey = JoinedRows.hasNull((Row) key);
        boolean[] rightMatched = joinType.isOuter(1) ? new boolean[right.size()] : null;
        Output out = eventTime.firingOutput();
        for (Row l : left) {
            boolean matched = false;
            for (int r = 0; r < right.size() && !nullKey; r++) {
                if (!condition.holds(0, l, right.get(r))) {
                    continue;
                }
                out.collect(joined.join(0, l, right.get(r), RowKind.INSERT));
                matched = true;
                if (rightMatched != null) {
                    rightMatched[r] = true;
                }
            }
            if (!matched && joinType.isOuter(0)) {
                out.collect(joined.padded(0, l, RowKind.INSERT));
            }
        }
        for (int r = 0; rightMatched != null && r < right.size(); r++) {
            if (!rightMatched[r]) {
                out.collect(joined.padded(1, right.get(r), RowKind.INSERT));
            }
        }
        rows[0].clear(end);
        rows[1].clear(end);
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

package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.MapState;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import dev.weir.state.ValueState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * State TTL of the regular join ({@code table.exec.state.ttl}), as Flink's: a stored row is dropped once it
 * has not been written (added again, or its match count changed) for the TTL, in processing time, and
 * vanishes without a retraction. Kept per input: the time each row was last written; per key: one timer at
 * the earliest time one of its rows may expire. Timers are checked before each row and watermark, so an
 * expired row never joins.
 *
 * <p>Rows restored from a checkpoint taken without a TTL have no write time: they expire only after their
 * next write.
 */
final class JoinStateTtl {
    private static final Long NAMESPACE = 0L;

    private final long ttl;
    private final LongSupplier clock;
    private final List<MapState<Long, Row, long[]>> rows;
    private final List<MapState<Long, Row, Long>> writeTimes;
    /** The key's pending timer, so that a write registers none when one is pending. */
    private final ValueState<Long, Long> pendingTimer;
    private final TimerService<Long> timers;
    private final TimerService.Callback<Long> onTimer = this::expire;
    private final List<Row> expired = new ArrayList<>();
    private long now;

    JoinStateTtl(long ttl, LongSupplier clock, KeyedStateBackend backend, List<MapState<Long, Row, long[]>> rows,
            List<RowType> inputTypes) {
        if (ttl <= 0) {
            throw new IllegalArgumentException("a state TTL must be positive, was " + ttl);
        }
        this.ttl = ttl;
        this.clock = clock;
        this.rows = rows;
        this.writeTimes = List.of(
                backend.mapState(new StateDescriptor<>("join-left-write-times", Serializers.LONG, Serializers.LONG),
                        new RowSerializer(inputTypes.get(0))),
                backend.mapState(new StateDescriptor<>("join-right-write-times", Serializers.LONG, Serializers.LONG),
                        new RowSerializer(inputTypes.get(1))));
        this.pendingTimer = backend.valueState(new StateDescriptor<>("join-ttl-timer", Serializers.LONG,
                Serializers.LONG));
        this.timers = backend.timerService("join-ttl-timers", Serializers.LONG);
    }

    /** Reads the clock and drops every row that has expired by now. */
    void advance() throws Exception {
        now = clock.getAsLong();
        timers.advanceWatermark(now, onTimer);
    }

    /** Row {@code row} of input {@code input} of the current key was written (stored, or its counts changed). */
    void written(int input, Row row) {
        writeTimes.get(input).put(NAMESPACE, row, now);
        if (pendingTimer.value(NAMESPACE) == null) {
            register(now + ttl);
        }
    }

    /** Row {@code row} of input {@code input} of the current key left the state. */
    void removed(int input, Row row) {
        writeTimes.get(input).remove(NAMESPACE, row);
    }

    /** The current key's timer: drops its expired rows, and waits for the next one to expire. */
    private void expire(Object key, Long namespace, long timestamp) {
        pendingTimer.clear(NAMESPACE);
        long next = Long.MAX_VALUE;
        for (int input = 0; input < 2; input++) {
            MapState<Long, Row, Long> times = writeTimes.get(input);
            for (Map.Entry<Row, Long> e : times.readEntries(NAMESPACE).entrySet()) {
                long expiry = e.getValue() + ttl;
                if (expiry <= now) {
                    expired.add(e.getKey());
                } else {
                    next = Math.min(next, expiry);
                }
            }
            // Removed after the loop: the entries are a live view that must not change while iterated.
            for (Row row : expired) {
                times.remove(NAMESPACE, row);
                rows.get(input).remove(NAMESPACE, row);
            }
            expired.clear();
        }
        if (next != Long.MAX_VALUE) {
            register(next);
        }
    }

    private void register(long time) {
        timers.registerEventTimeTimer(NAMESPACE, time);
        pendingTimer.update(NAMESPACE, time);
    }

    /** Keys with a pending TTL timer (tests). */
    int keysWithTimers() {
        return timers.size();
    }
}

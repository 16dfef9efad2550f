package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.executor.operator.Output;
import java.util.Arrays;
import java.util.Objects;

/**
 * The rows window operators emit, laid out in one place. A window aggregation's row: the key
 * columns, window_start, window_end, window_time when the plan asks for it
 * ({@link WindowTimeZone#windowTime}), then the aggregate results. A window table function's row:
 * the input row, then window_start, window_end and window_time.
 */
final class WindowRows {
    private final WindowTimeZone zone;
    private final boolean windowTime;
    private final int windowColumns;
    private final int aggregateCount;

    /** A window aggregation's rows in {@code zone}, with or without window_time, with {@code aggregateCount} aggregates. */
    WindowRows(WindowTimeZone zone, boolean windowTime, int aggregateCount) {
        this.zone = Objects.requireNonNull(zone, "zone is null");
        this.windowTime = windowTime;
        this.windowColumns = windowTime ? 3 : 2;
        this.aggregateCount = aggregateCount;
    }

    /**
     * A new row's values for the window {@code [start, end)} (local times) of {@code key}: the key
     * and window columns set, the aggregates to be written from {@link #aggregatesFrom(Row)} on.
     */
    Object[] values(Row key, long start, long end) {
        int keyCount = key.arity();
        Object[] values = new Object[keyCount + windowColumns + aggregateCount];
        for (int i = 0; i < keyCount; i++) {
            values[i] = key.field(i);
        }
        values[keyCount] = start;
        values[keyCount + 1] = end;
        if (windowTime) {
            values[keyCount + 2] = zone.windowTime(end);
        }
        return values;
    }

    /** Where the aggregates start in a row of {@code key}'s. */
    int aggregatesFrom(Row key) {
        return key.arity() + windowColumns;
    }

    /** A window table function's row: {@code row}'s fields, then the window's start, end and window_time. */
    static Row withWindow(Row row, RowKind kind, long start, long end, long windowTime) {
        int n = row.arity();
        Object[] values = new Object[n + 3];
        for (int i = 0; i < n; i++) {
            values[i] = row.field(i);
        }
        values[n] = start;
        values[n + 1] = end;
        values[n + 2] = windowTime;
        return Row.wrap(kind, values);
    }

    /**
     * Emits how a fired window's row changed with a late row (allowed lateness): {@code +I} when
     * there was none before, {@code -U}/{@code +U} when it changed, nothing when it is equal.
     */
    static void emitChange(Object[] before, Object[] after, Output out) {
        if (before == null) {
            out.collect(Row.wrap(RowKind.INSERT, after));
        } else if (!Arrays.equals(before, after)) {
            out.collect(Row.wrap(RowKind.UPDATE_BEFORE, before));
            out.collect(Row.wrap(RowKind.UPDATE_AFTER, after));
        }
    }
}

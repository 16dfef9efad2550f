package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.WindowKind;
import dev.weir.executor.plan.WindowTableFunctionSpec;

/**
 * Appends window_start, window_end and window_time to each row, once per window it belongs to
 * (semantics in {@link WindowTableFunctionSpec}). Stateless.
 */
final class WindowTableFunctionOperator implements StreamOperator {
    private final WindowKind kind;
    private final int timeIndex;
    private final long size;
    private final long slide;
    private final long offset;
    private final WindowTimeZone zone;
    private final OperatorMetrics metrics;

    WindowTableFunctionOperator(WindowTableFunctionSpec spec, OperatorContext context) {
        this.kind = spec.kind();
        this.timeIndex = spec.timeIndex();
        this.size = spec.sizeMillis();
        this.slide = spec.slideMillis();
        this.offset = spec.offsetMillis();
        this.zone = WindowTimeZone.of(spec.timeZone());
        this.metrics = context.metrics();
    }

    @Override
    public void processElement(Row row, Output out) {
        Object time = row.field(timeIndex);
        if (time == null) {
            metrics.incrementLateRowsDropped(); // no event time, no window (Flink drops it too)
            return;
        }
        long ts = zone.toLocal((Long) time);
        switch (kind) {
            case TUMBLE -> {
                long start = ts - Math.floorMod(ts - offset, size);
                out.collect(windowed(row, start, start + size));
            }
            case HOP -> {
                // Starts are aligned to the slide; the row is in every window starting in (ts - size, ts].
                for (long start = ts - Math.floorMod(ts - offset, slide); start > ts - size; start -= slide) {
                    out.collect(windowed(row, start, start + size));
                }
            }
            case CUMULATE -> {
                long start = ts - Math.floorMod(ts - offset, size);
                for (long end = ts - Math.floorMod(ts - offset, slide) + slide; end <= start + size; end += slide) {
                    out.collect(windowed(row, start, end));
                }
            }
        }
    }

    private Row windowed(Row row, long start, long end) {
        return WindowRows.withWindow(row, row.kind(), start, end, zone.windowTime(end));
    }
}

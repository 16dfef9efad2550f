package dev.weir.executor.operators;

import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.executor.plan.WindowKind;

/**
 * Window arithmetic of HOP and CUMULATE windows over slices: time is cut into slices of
 * {@link WindowAggregateSpec#sliceMillis()} aligned to the offset, every window is a whole number
 * of consecutive slices, and a slice belongs to the windows ending between {@link #firstEnd} and
 * {@link #lastEnd}. All values are epoch milliseconds; a window is {@code [start, end)}.
 */
final class SliceAssigner {
    private final WindowKind kind;
    private final long size;
    private final long slide;
    private final long offset;
    private final long slice;

    SliceAssigner(WindowAggregateSpec spec) {
        this.kind = spec.kind();
        this.size = spec.sizeMillis();
        this.slide = spec.slideMillis();
        this.offset = spec.offsetMillis();
        this.slice = spec.sliceMillis();
    }

    long sliceMillis() {
        return slice;
    }

    /** The start of the slice that contains {@code timestamp}. */
    long sliceStart(long timestamp) {
        return timestamp - Math.floorMod(timestamp - offset, slice);
    }

    /** The end of the earliest window that contains the slice starting at {@code sliceStart}. */
    long firstEnd(long sliceStart) {
        if (kind == WindowKind.CUMULATE) {
            return sliceStart + slice;
        }
        // HOP window starts are aligned to the slide (as in Flink), so ends are too only when size % slide == 0.
        long earliestStart = sliceStart + slice - size;
        return earliestStart + Math.floorMod(offset - earliestStart, slide) + size;
    }

    /** The end of the last window that contains the slice: once it fired, the slice is not needed. */
    long lastEnd(long sliceStart) {
        if (kind == WindowKind.CUMULATE) {
            return sliceStart - Math.floorMod(sliceStart - offset, size) + size;
        }
        return sliceStart - Math.floorMod(sliceStart - offset, slide) + size;
    }

    /** The end of the next window after the one ending at {@code end} (of the same key's windows). */
    long nextEnd(long end) {
        return end + slide;
    }

    /** The start of the window ending at {@code end}. */
    long windowStart(long end) {
        if (kind == WindowKind.CUMULATE) {
            long last = end - 1;
            return last - Math.floorMod(last - offset, size);
        }
        return end - size;
    }
}

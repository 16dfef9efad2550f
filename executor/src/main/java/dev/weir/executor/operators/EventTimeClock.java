package dev.weir.executor.operators;

import dev.weir.executor.operator.Output;
import dev.weir.state.TimerService;

/**
 * The event time of an operator that fires keyed event-time timers: the last watermark it received
 * and the output its timers emit to while they fire.
 *
 * <p>Such operators take a watermark the same way: one that does not move forward is ignored (a
 * restored operator is sent again the watermark it restored, and must not fire or forward it
 * twice), else the timers up to it fire, then it is forwarded, after everything it released. The
 * timer service's callback has no output parameter, so the output is held here while they fire.
 * One instance per operator, used on its task thread only.
 */
final class EventTimeClock {
    private long watermark = Long.MIN_VALUE;
    private Output firingOutput;

    /** The last watermark received (or restored); {@link Long#MIN_VALUE} before the first. */
    long watermark() {
        return watermark;
    }

    /** Sets the watermark restored from a snapshot. */
    void restore(long restored) {
        watermark = restored;
    }

    /**
     * The whole {@code processWatermark} of an operator with one timer service: unless
     * {@code newWatermark} does not move forward, moves to it, fires {@code timers} up to it and
     * forwards it to {@code out}.
     */
    <N> void processWatermark(long newWatermark, Output out, TimerService<N> timers,
            TimerService.Callback<N> onTimer) throws Exception {
        if (advance(newWatermark)) {
            fireTimers(timers, newWatermark, onTimer, out);
            out.emitWatermark(newWatermark);
        }
    }

    /** Moves to {@code newWatermark}; false, changing nothing, when it is not ahead of the current one. */
    boolean advance(long newWatermark) {
        if (newWatermark <= watermark) {
            return false;
        }
        watermark = newWatermark;
        return true;
    }

    /**
     * Fires the timers of {@code timers} up to {@code upTo} through {@code onTimer}, which emits to
     * {@link #firingOutput()}, i.e. {@code out}, meanwhile.
     */
    <N> void fireTimers(TimerService<N> timers, long upTo, TimerService.Callback<N> onTimer, Output out)
            throws Exception {
        firingOutput = out;
        try {
            timers.advanceWatermark(upTo, onTimer);
        } finally {
            firingOutput = null;
        }
    }

    /** The output of the timers firing now; null outside {@link #fireTimers}. */
    Output firingOutput() {
        return firingOutput;
    }
}

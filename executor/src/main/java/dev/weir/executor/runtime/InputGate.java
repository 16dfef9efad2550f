package dev.weir.executor.runtime;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The input channels of one downstream subtask. Reads them round robin, skipping channels that
 * are blocked for barrier alignment or have ended; combines their watermarks into the minimum over
 * channels that are neither idle nor ended (all ended = +infinity), never going back; and tracks
 * which channels delivered which barrier.
 */
final class InputGate {
    /** Returned by the watermark methods when the combined watermark did not advance. */
    static final long NO_CHANGE = Long.MIN_VALUE;

    private final Channel[] channels;
    private final long[] watermarks;
    private final boolean[] ended;
    private final boolean[] idle;
    private final boolean[] blocked;
    private final TreeMap<Long, boolean[]> barriers = new TreeMap<>();
    /** System.nanoTime() when the first channel blocked for a checkpoint's barrier (aligned mode only). */
    private final TreeMap<Long, Long> alignmentStarts = new TreeMap<>();
    private long lastAlignmentNanos;
    private int endedCount;
    private long combined = Long.MIN_VALUE;
    private int next;
    private int lastChannel = -1;

    InputGate(Channel[] channels) {
        this.channels = channels.clone();
        int n = channels.length;
        this.watermarks = new long[n];
        java.util.Arrays.fill(watermarks, Long.MIN_VALUE);
        this.ended = new boolean[n];
        this.idle = new boolean[n];
        this.blocked = new boolean[n];
    }

    /** The next event of a readable channel, or null when none has one; {@link #lastChannel()} says which. */
    Object poll() {
        int n = channels.length;
        for (int i = 0; i < n; i++) {
            int c = (next + i) % n;
            if (ended[c] || blocked[c]) {
                continue;
            }
            Object e = channels[c].poll();
            if (e != null) {
                next = (c + 1) % n;
                lastChannel = c;
                return e;
            }
        }
        return null;
    }

    int lastChannel() {
        return lastChannel;
    }

    long combinedWatermark() {
        return combined;
    }

    long onWatermark(int channel, long watermark) {
        if (watermark > watermarks[channel]) {
            watermarks[channel] = watermark;
        }
        return recompute();
    }

    long onStatus(int channel, boolean isIdle) {
        idle[channel] = isIdle;
        return recompute();
    }

    long onEnd(int channel) {
        if (!ended[channel]) {
            ended[channel] = true;
            blocked[channel] = false;
            endedCount++;
        }
        return recompute();
    }

    boolean allEnded() {
        return endedCount == channels.length;
    }

    /** Records barrier {@code checkpointId} on a channel; with alignment the channel stops being read until released. */
    void onBarrier(int channel, long checkpointId, boolean align) {
        barriers.computeIfAbsent(checkpointId, k -> new boolean[channels.length])[channel] = true;
        if (align) {
            blocked[channel] = true;
            alignmentStarts.putIfAbsent(checkpointId, System.nanoTime());
        }
    }

    /**
     * The oldest checkpoint every channel has delivered the barrier of (an ended channel counts as delivered),
     * releasing the blocked channels; -1 if none.
     */
    long pollAligned() {
        Iterator<Map.Entry<Long, boolean[]>> it = barriers.entrySet().iterator();
        if (!it.hasNext()) {
            return -1;
        }
        Map.Entry<Long, boolean[]> oldest = it.next();
        boolean[] arrived = oldest.getValue();
        for (int c = 0; c < arrived.length; c++) {
            if (!arrived[c] && !ended[c]) {
                return -1;
            }
        }
        it.remove();
        java.util.Arrays.fill(blocked, false);
        Long start = alignmentStarts.remove(oldest.getKey());
        lastAlignmentNanos = start == null ? 0 : System.nanoTime() - start;
        return oldest.getKey();
    }

    /** How long channels were blocked for the checkpoint {@link #pollAligned} returned last (0 without alignment). */
    long lastAlignmentNanos() {
        return lastAlignmentNanos;
    }

    private long recompute() {
        long min = Long.MAX_VALUE;
        boolean anyActive = false;
        for (int c = 0; c < channels.length; c++) {
            if (!ended[c] && !idle[c]) {
                anyActive = true;
                min = Math.min(min, watermarks[c]);
            }
        }
        if (!anyActive && endedCount < channels.length) {
            return NO_CHANGE; // every open channel is idle: nothing moves the watermark (as in Flink)
        }
        if (min > combined) {
            combined = min;
            return min;
        }
        return NO_CHANGE;
    }
}

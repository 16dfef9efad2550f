package dev.weir.executor.operators;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Where event-time windows live, as Flink's "shift time zone": windows over a TIMESTAMP_LTZ
 * rowtime are computed on the wall clock of the session zone ({@code table.local-time-zone}),
 * while watermarks, firing and lateness stay on instants. Without a zone (a TIMESTAMP rowtime, or
 * UTC) both are the same and every method is the identity.
 *
 * <p>A row at instant {@code t} belongs to the windows containing its local time
 * {@link #toLocal(long) toLocal(t)} (Flink's {@code toUtcTimestampMills}); a window ending at the
 * local time {@code end} fires when the watermark reaches {@link #fireTime(long) fireTime(end)},
 * the instant of the local time {@code end - 1} (Flink's {@code toEpochMillsForTimer}): for a
 * local time that happens twice (the hour repeated when daylight saving ends) the later instant,
 * so that both hours are in the window before it fires; for a local time that does not exist (the
 * hour skipped when it starts) the instant of the transition. So a day window on a 23-hour DST day
 * covers 23 hours of instants, and one on a 25-hour day 25. (Flink applies these two rules only
 * in zones that observe daylight saving today; a zone that changed its offset once, long ago,
 * differs only around that one change.) {@link #windowTime} is Flink's window_time, which
 * resolves the two cases differently.
 *
 * <p>Instances keep small caches and are not thread-safe: one per operator.
 */
final class WindowTimeZone {
    private static final int FIRE_CACHE_SIZE = 8;
    private static final int FIRE_CACHE_SHIFT = Long.SIZE - Integer.numberOfTrailingZeros(FIRE_CACHE_SIZE);
    private final ZoneRules rules;
    /** Whether the zone has one offset forever; then {@link #fixedOffset} is it, in millis. */
    private final boolean fixed;
    private final long fixedOffset;
    // toLocal: the instants [cacheFrom, cacheUntil) all have the offset cacheOffset.
    private long cacheFrom = Long.MAX_VALUE;
    private long cacheUntil = Long.MIN_VALUE;
    private long cacheOffset;
    // fireTime: a few recent local ends and their answers (rows and slices touch a few windows at a
    // time, and HOP/CUMULATE ask for several ends per row), direct-mapped by a hash of the end.
    private final long[] cachedEnds = new long[FIRE_CACHE_SIZE];
    private final long[] cachedFireTimes = new long[FIRE_CACHE_SIZE];
    // windowTime: the last local end asked for and its answer (asked once per emitted row).
    private long lastTimeEnd = Long.MIN_VALUE;
    private long lastWindowTime;

    private WindowTimeZone(ZoneId zone) {
        this.rules = zone == null ? null : zone.getRules();
        this.fixed = rules != null && rules.isFixedOffset();
        this.fixedOffset = fixed ? rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L : 0;
        java.util.Arrays.fill(cachedEnds, Long.MIN_VALUE);
    }

    /** Windows on {@code zone}'s wall clock; {@code null} (or a zone at UTC+0 forever): on instants. */
    static WindowTimeZone of(ZoneId zone) {
        if (zone != null && zone.getRules().isFixedOffset()
                && zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() == 0) {
            zone = null;
        }
        return new WindowTimeZone(zone);
    }

    /** The local wall-clock millis (as if in UTC) of the instant {@code epochMillis}. */
    long toLocal(long epochMillis) {
        if (rules == null) {
            return epochMillis;
        }
        if (fixed) {
            return epochMillis + fixedOffset;
        }
        if (epochMillis < cacheFrom || epochMillis >= cacheUntil) {
            cacheOffsetAround(epochMillis);
        }
        return epochMillis + cacheOffset;
    }

    private void cacheOffsetAround(long epochMillis) {
        Instant instant = Instant.ofEpochMilli(epochMillis);
        cacheOffset = rules.getOffset(instant).getTotalSeconds() * 1000L;
        ZoneOffsetTransition next = rules.nextTransition(instant);
        cacheUntil = next == null ? Long.MAX_VALUE : next.getInstant().toEpochMilli();
        ZoneOffsetTransition previous = rules.previousTransition(instant);
        // previousTransition is strictly before a whole-second instant: at a transition itself the
        // offset before it differs, so the range then starts at the instant.
        cacheFrom = previous == null ? Long.MIN_VALUE
                : previous.getOffsetAfter().getTotalSeconds() * 1000L == cacheOffset
                        ? previous.getInstant().toEpochMilli() : epochMillis;
    }

    /**
     * The instant at which the window ending at the local time {@code localEnd} fires (and the
     * window's {@code window_time}): the instant of the local time {@code localEnd - 1}.
     */
    long fireTime(long localEnd) {
        long last = localEnd - 1;
        if (rules == null || localEnd == Long.MAX_VALUE) {
            return last;
        }
        if (fixed) {
            return last - fixedOffset;
        }
        int slot = (int) ((localEnd * 0x9E3779B97F4A7C15L) >>> FIRE_CACHE_SHIFT);
        if (cachedEnds[slot] != localEnd) {
            cachedFireTimes[slot] = instantOf(last);
            cachedEnds[slot] = localEnd;
        }
        return cachedFireTimes[slot];
    }

    /**
     * The {@code window_time} of the window ending at the local time {@code localEnd}: the local
     * time {@code localEnd - 1} in the zone, as Flink's {@code toEpochMills} (java.time's
     * {@code atZone}): a repeated local time gives its earlier instant, a skipped one is moved
     * forward by the length of the skip. It equals {@link #fireTime} except around those
     * transitions, where Flink's window_time and firing differ too.
     */
    long windowTime(long localEnd) {
        long last = localEnd - 1;
        if (rules == null || localEnd == Long.MAX_VALUE) {
            return last;
        }
        if (fixed) {
            return last - fixedOffset;
        }
        if (localEnd != lastTimeEnd) {
            LocalDateTime local = localDateTime(last);
            ZoneOffsetTransition transition = rules.getTransition(local);
            // atZone: the offset before a transition, for a skipped and a repeated local time alike.
            ZoneOffset offset = transition == null ? rules.getOffset(local) : transition.getOffsetBefore();
            lastWindowTime = last - offset.getTotalSeconds() * 1000L;
            lastTimeEnd = localEnd;
        }
        return lastWindowTime;
    }

    private static LocalDateTime localDateTime(long localMillis) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(localMillis, 1000L),
                (int) Math.floorMod(localMillis, 1000L) * 1_000_000, ZoneOffset.UTC);
    }

    private long instantOf(long localMillis) {
        LocalDateTime local = localDateTime(localMillis);
        ZoneOffsetTransition transition = rules.getTransition(local);
        if (transition == null) {
            return localMillis - rules.getOffset(local).getTotalSeconds() * 1000L;
        }
        if (transition.isGap()) {
            // A skipped local time: the first instant after the skip (Flink's "first skipped epoch").
            return transition.getInstant().toEpochMilli();
        }
        // A repeated local time: its later instant, so that the window holds both.
        return localMillis - transition.getOffsetAfter().getTotalSeconds() * 1000L;
    }
}

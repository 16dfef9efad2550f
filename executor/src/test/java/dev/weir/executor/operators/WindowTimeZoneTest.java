package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.executor.plan.WindowKind;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Window times in a session zone ({@link WindowTimeZone}) and the slices and windows assigned on
 * it ({@link SliceAssigner}): fixed offsets, and daylight saving with its 23- and 25-hour days.
 */
class WindowTimeZoneTest {
    private static final long HOUR = 3_600_000L;
    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    /** Epoch millis of an ISO instant {@code 2024-03-10T10:00:00Z}. */
    private static long instant(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    /** Local wall-clock millis (as if in UTC) of {@code 2024-03-10T02:00}. */
    private static long local(String iso) {
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @Test
    void withoutAZoneOrAtUtcEverythingIsTheInstant() {
        for (ZoneId zone : new ZoneId[] {null, ZoneId.of("UTC"), ZoneOffset.UTC, ZoneId.of("GMT"),
                ZoneId.of("Etc/UTC")}) {
            WindowTimeZone z = WindowTimeZone.of(zone);
            assertThat(z.toLocal(1_710_064_200_123L)).isEqualTo(1_710_064_200_123L);
            assertThat(z.fireTime(1_710_064_800_000L)).isEqualTo(1_710_064_799_999L);
        }
    }

    @Test
    void aFixedOffsetShiftsByItAndFiresAtTheLocalEnd() {
        WindowTimeZone z = WindowTimeZone.of(ZoneId.of("GMT+05:30"));
        assertThat(z.toLocal(instant("2024-03-10T03:29:00Z"))).isEqualTo(local("2024-03-10T08:59"));
        // The local hour 09:00-10:00 is 03:30-04:30 UTC: it fires at 04:29:59.999 UTC.
        assertThat(z.fireTime(local("2024-03-10T10:00"))).isEqualTo(instant("2024-03-10T04:29:59.999Z"));
        // A region whose offset changed only long ago (Asia/Kolkata) behaves the same today.
        WindowTimeZone kolkata = WindowTimeZone.of(ZoneId.of("Asia/Kolkata"));
        assertThat(kolkata.toLocal(instant("2024-03-10T03:29:00Z"))).isEqualTo(local("2024-03-10T08:59"));
        assertThat(kolkata.fireTime(local("2024-03-10T10:00"))).isEqualTo(instant("2024-03-10T04:29:59.999Z"));
    }

    @Test
    void localTimesAcrossDaylightSavingTransitionsMatchJavaTimeInAnyOrder() {
        WindowTimeZone z = WindowTimeZone.of(LA);
        List<Long> instants = new ArrayList<>();
        for (String day : List.of("2024-03-09T00:00:00Z", "2024-11-02T00:00:00Z")) {
            for (long t = instant(day); t < instant(day) + 72 * HOUR; t += 7 * 60_000L + 1) {
                instants.add(t);
            }
        }
        instants.add(instant("2024-03-10T10:00:00Z"));
        instants.add(instant("2024-03-10T09:59:59.999Z"));
        instants.add(instant("2024-11-03T09:00:00Z"));
        instants.add(instant("2024-11-03T08:59:59.999Z"));
        List<Long> orders = new ArrayList<>(instants);
        Collections.reverse(orders);
        orders.addAll(instants);
        List<Long> shuffled = new ArrayList<>(instants);
        Collections.shuffle(shuffled, new Random(7));
        orders.addAll(shuffled);
        for (long t : orders) {
            long expected = LocalDateTime.ofInstant(Instant.ofEpochMilli(t), LA).toInstant(ZoneOffset.UTC)
                    .toEpochMilli();
            assertThat(z.toLocal(t)).as("local time of %s", Instant.ofEpochMilli(t)).isEqualTo(expected);
        }
        assertThat(z.toLocal(instant("2024-03-10T09:59:59.999Z"))).isEqualTo(local("2024-03-10T01:59:59.999"));
        assertThat(z.toLocal(instant("2024-03-10T10:00:00Z"))).isEqualTo(local("2024-03-10T03:00"));
        // The repeated hour: 08:30Z (PDT) and 09:30Z (PST) are both 01:30 local.
        assertThat(z.toLocal(instant("2024-11-03T08:30:00Z"))).isEqualTo(local("2024-11-03T01:30"));
        assertThat(z.toLocal(instant("2024-11-03T09:30:00Z"))).isEqualTo(local("2024-11-03T01:30"));
    }

    @Test
    void daylightSavingDaysAre23And25HoursOfInstants() {
        WindowTimeZone z = WindowTimeZone.of(LA);
        // A day window [d 00:00, d+1 00:00) covers the instants after the previous day fired.
        long march10 = z.fireTime(local("2024-03-11T00:00")) - z.fireTime(local("2024-03-10T00:00"));
        long march11 = z.fireTime(local("2024-03-12T00:00")) - z.fireTime(local("2024-03-11T00:00"));
        long november3 = z.fireTime(local("2024-11-04T00:00")) - z.fireTime(local("2024-11-03T00:00"));
        assertThat(march10).isEqualTo(23 * HOUR);
        assertThat(march11).isEqualTo(24 * HOUR);
        assertThat(november3).isEqualTo(25 * HOUR);
        assertThat(z.fireTime(local("2024-03-11T00:00"))).isEqualTo(instant("2024-03-11T06:59:59.999Z"));
        assertThat(z.fireTime(local("2024-11-04T00:00"))).isEqualTo(instant("2024-11-04T07:59:59.999Z"));
        // Berlin moves its clocks on 2024-03-31 and 2024-10-27.
        WindowTimeZone berlin = WindowTimeZone.of(ZoneId.of("Europe/Berlin"));
        assertThat(berlin.fireTime(local("2024-04-01T00:00")) - berlin.fireTime(local("2024-03-31T00:00")))
                .isEqualTo(23 * HOUR);
        assertThat(berlin.fireTime(local("2024-10-28T00:00")) - berlin.fireTime(local("2024-10-27T00:00")))
                .isEqualTo(25 * HOUR);
    }

    @Test
    void aRepeatedLocalHourFiresAfterItsSecondOccurrenceAndASkippedOneAtTheTransition() {
        WindowTimeZone z = WindowTimeZone.of(LA);
        // [01:00, 02:00) on 2024-11-03 holds 08:00Z-09:59:59.999Z: it fires at the later 01:59:59.999.
        assertThat(z.fireTime(local("2024-11-03T02:00"))).isEqualTo(instant("2024-11-03T09:59:59.999Z"));
        assertThat(z.fireTime(local("2024-11-03T01:00"))).isEqualTo(instant("2024-11-03T07:59:59.999Z"));
        // [02:00, 03:00) on 2024-03-10 does not exist: it fires at the transition, 10:00Z (03:00 PDT).
        assertThat(z.fireTime(local("2024-03-10T03:00"))).isEqualTo(instant("2024-03-10T10:00:00Z"));
        assertThat(z.fireTime(local("2024-03-10T02:00"))).isEqualTo(instant("2024-03-10T09:59:59.999Z"));
        assertThat(z.fireTime(local("2024-03-10T04:00"))).isEqualTo(instant("2024-03-10T10:59:59.999Z"));
        // Flink's own examples (TimeWindowUtil): 2021-03-14 02:00 -> 1615716000000, 2021-11-07 01:00 -> 1636275600000.
        assertThat(z.fireTime(local("2021-03-14T02:00") + 1)).isEqualTo(1_615_716_000_000L);
        assertThat(z.fireTime(local("2021-11-07T01:00") + 1)).isEqualTo(1_636_275_600_000L);
    }

    @Test
    void windowTimeIsTheLocalEndMinusOneResolvedAsJavaTimeDoes() {
        WindowTimeZone z = WindowTimeZone.of(LA);
        assertThat(z.windowTime(local("2024-03-11T00:00"))).isEqualTo(instant("2024-03-11T06:59:59.999Z"));
        // A skipped local time moves forward by the skip (02:19:59.999 -> 03:19:59.999 PDT), as in Flink.
        assertThat(z.windowTime(local("2024-03-10T02:20"))).isEqualTo(instant("2024-03-10T10:19:59.999Z"));
        // A repeated one is its earlier instant (PDT), although the window fires after the later one.
        assertThat(z.windowTime(local("2024-11-03T02:00"))).isEqualTo(instant("2024-11-03T08:59:59.999Z"));
        assertThat(WindowTimeZone.of(ZoneId.of("GMT+05:30")).windowTime(local("2024-03-10T10:00")))
                .isEqualTo(instant("2024-03-10T04:29:59.999Z"));
        assertThat(WindowTimeZone.of(null).windowTime(1_000)).isEqualTo(999);
    }

    private static WindowAggregateSpec spec(WindowKind kind, long slide, long size) {
        RowType out = RowType.builder()
                .add("window_start", DataType.timestamp(3))
                .add("window_end", DataType.timestamp(3))
                .add("cnt", DataType.bigint().notNull())
                .build();
        return new WindowAggregateSpec("w", out, new int[0], 0, size, 0,
                List.of(new AggregateCall(AggregateFunctionKind.COUNT, -1, false, DataType.bigint().notNull(), "cnt")),
                kind, slide, false, 0, LA);
    }

    @Test
    void slicesAndWindowsAreAssignedOnLocalTime() {
        WindowTimeZone z = WindowTimeZone.of(LA);
        // CUMULATE daily, step 6 h: 10:30Z on 2024-03-10 is 03:30 PDT, in the slice [00:00, 06:00) local.
        SliceAssigner cumulate = new SliceAssigner(spec(WindowKind.CUMULATE, 6 * HOUR, 24 * HOUR));
        long slice = cumulate.sliceStart(z.toLocal(instant("2024-03-10T10:30:00Z")));
        assertThat(slice).isEqualTo(local("2024-03-10T00:00"));
        assertThat(cumulate.firstEnd(slice)).isEqualTo(local("2024-03-10T06:00"));
        assertThat(cumulate.lastEnd(slice)).isEqualTo(local("2024-03-11T00:00"));
        assertThat(cumulate.windowStart(local("2024-03-10T18:00"))).isEqualTo(local("2024-03-10T00:00"));
        // Its first window [00:00, 06:00) local is 5 hours of instants: 08:00Z to 13:00Z.
        assertThat(z.fireTime(cumulate.firstEnd(slice))).isEqualTo(instant("2024-03-10T12:59:59.999Z"));
        assertThat(z.fireTime(cumulate.lastEnd(slice))).isEqualTo(instant("2024-03-11T06:59:59.999Z"));

        // HOP 1 day every 12 h, slices of 12 h: 2024-11-03T19:00Z is 11:00 PST.
        SliceAssigner hop = new SliceAssigner(spec(WindowKind.HOP, 12 * HOUR, 24 * HOUR));
        long hopSlice = hop.sliceStart(z.toLocal(instant("2024-11-03T19:00:00Z")));
        assertThat(hopSlice).isEqualTo(local("2024-11-03T00:00"));
        assertThat(hop.firstEnd(hopSlice)).isEqualTo(local("2024-11-03T12:00"));
        assertThat(hop.lastEnd(hopSlice)).isEqualTo(local("2024-11-04T00:00"));
        // [2024-11-02 12:00, 2024-11-03 12:00) local is 25 hours of instants.
        assertThat(z.fireTime(hop.firstEnd(hopSlice)) - z.fireTime(hop.firstEnd(hopSlice) - 24 * HOUR))
                .isEqualTo(25 * HOUR);
    }
}

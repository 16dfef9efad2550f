package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.executor.operator.Output;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layout of window operators' rows and the change a late row makes to a fired window. */
class WindowRowsTest {
    private static final long HOUR = 3_600_000L;

    @Test
    void aWindowAggregationRowHasTheKeyTheWindowAndRoomForTheAggregates() {
        WindowRows rows = new WindowRows(WindowTimeZone.of(null), false, 2);
        Row key = Row.of("a", 7L);
        Object[] values = rows.values(key, 1_000L, 2_000L);
        assertThat(values).containsExactly("a", 7L, 1_000L, 2_000L, null, null);
        assertThat(rows.aggregatesFrom(key)).isEqualTo(4);
    }

    @Test
    void windowTimeIsTheInstantOfTheLastLocalMillisecond() {
        // Asia/Shanghai is UTC+8 all year: local 08:00 is 00:00Z.
        WindowRows rows = new WindowRows(WindowTimeZone.of(ZoneId.of("Asia/Shanghai")), true, 1);
        Row key = Row.of("a");
        Object[] values = rows.values(key, 8 * HOUR, 9 * HOUR);
        assertThat(values).containsExactly("a", 8 * HOUR, 9 * HOUR, HOUR - 1, null);
        assertThat(rows.aggregatesFrom(key)).isEqualTo(4);
    }

    @Test
    void aWindowWithoutKeysStartsWithTheWindowColumns() {
        WindowRows rows = new WindowRows(WindowTimeZone.of(null), true, 1);
        Object[] values = rows.values(Row.of(), 0L, 10L);
        assertThat(values).containsExactly(0L, 10L, 9L, null);
        assertThat(rows.aggregatesFrom(Row.of())).isEqualTo(3);
    }

    @Test
    void aTableFunctionRowAppendsTheWindowToTheInputRow() {
        Row row = Row.wrap(RowKind.UPDATE_AFTER, new Object[] {"x", 1L});
        Row windowed = WindowRows.withWindow(row, RowKind.INSERT, 0L, 10L, 9L);
        assertThat(windowed.kind()).isEqualTo(RowKind.INSERT);
        assertThat(windowed.arity()).isEqualTo(5);
        assertThat(List.of(windowed.field(0), windowed.field(1), windowed.field(2), windowed.field(3),
                windowed.field(4))).containsExactly("x", 1L, 0L, 10L, 9L);
    }

    @Test
    void aLateRowChangeIsAnInsertAnUpdatePairOrNothing() {
        List<Row> out = new ArrayList<>();
        Output output = collecting(out);
        WindowRows.emitChange(null, new Object[] {"a", 1L}, output);
        WindowRows.emitChange(new Object[] {"a", 1L}, new Object[] {"a", 2L}, output);
        WindowRows.emitChange(new Object[] {"a", 2L}, new Object[] {"a", 2L}, output);
        assertThat(out).extracting(Row::kind).containsExactly(RowKind.INSERT, RowKind.UPDATE_BEFORE,
                RowKind.UPDATE_AFTER);
        assertThat(out).extracting(r -> r.field(1)).containsExactly(1L, 1L, 2L);
    }

    private static Output collecting(List<Row> rows) {
        return new Output() {
            @Override
            public void collect(Row row) {
                rows.add(row);
            }

            @Override
            public void emitWatermark(long watermark) {
            }
        };
    }
}

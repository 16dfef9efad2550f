package dev.weir.connectors.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.Row;
import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.connector.TableContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DataGenReaderTest {
    private static final RowType SCHEMA = RowType.builder()
            .add("id", DataType.bigint())
            .add("amount", DataType.of(TypeRoot.INT))
            .add("name", DataType.string())
            .add("price", DataType.decimal(10, 2))
            .add("ts", DataType.timestamp(3))
            .add("flag", DataType.of(TypeRoot.BOOLEAN))
            .build();

    private static TableContext context(Map<String, String> options, byte[] restored) {
        Map<String, String> all = new HashMap<>(options);
        all.put("connector", "datagen");
        return new TableContext("gen", SCHEMA, all, Configuration.empty(), 0, 1, restored);
    }

    private static Map<String, String> boundedOptions() {
        return Map.of("number-of-rows", "5000", "rows-per-second", "1000000000",
                "fields.id.kind", "sequence", "fields.id.start", "1", "fields.id.end", "1000000",
                "fields.amount.min", "10", "fields.amount.max", "20", "fields.name.length", "8",
                "fields.ts.max-past", "1 h", "fields.flag.null-rate", "0.5");
    }

    private static DataGenReader reader(Map<String, String> options, byte[] restored) {
        TableContext ctx = context(options, restored);
        return new DataGenReader(DataGenSpec.from(ctx), ctx, () -> 0L, () -> 1_700_000_000_000L);
    }

    private static List<Row> drain(DataGenReader reader, int maxPolls) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < maxPolls; i++) {
            if (reader.pollNext(rows::add) == InputStatus.END_OF_INPUT) {
                break;
            }
        }
        return rows;
    }

    @Test
    void sequenceAndRandomValuesAreDeterministicAndInRange() throws Exception {
        List<Row> first = drain(reader(boundedOptions(), null), 100);
        List<Row> second = drain(reader(boundedOptions(), null), 100);
        assertThat(first).hasSize(5000).isEqualTo(second);
        long nulls = 0;
        for (int i = 0; i < first.size(); i++) {
            Row r = first.get(i);
            assertThat(r.field(0)).isEqualTo(i + 1L);
            assertThat((Integer) r.field(1)).isBetween(10, 20);
            assertThat((String) r.field(2)).hasSize(8).matches("[0-9a-f]+");
            assertThat(((BigDecimal) r.field(3)).scale()).isEqualTo(2);
            assertThat((Long) r.field(4)).isBetween(1_700_000_000_000L - 3_600_000L, 1_700_000_000_000L);
            nulls += r.field(5) == null ? 1 : 0;
        }
        assertThat(nulls).isBetween(2000L, 3000L);
    }

    @Test
    void restoredReaderContinuesWithExactlyTheSameRows() throws Exception {
        List<Row> all = drain(reader(boundedOptions(), null), 100);
        DataGenReader partial = reader(boundedOptions(), null);
        List<Row> head = new ArrayList<>();
        partial.pollNext(head::add);
        partial.pollNext(head::add);
        byte[] position = partial.snapshotPosition(1);
        TableContext ctx = context(boundedOptions(), position);
        // a different clock after restore must not change the timestamps: the anchor is in the position
        DataGenReader restored = new DataGenReader(DataGenSpec.from(ctx), ctx, () -> 0L, () -> 42L);
        List<Row> tail = drain(restored, 100);
        head.addAll(tail);
        assertThat(head).isEqualTo(all);
    }

    @Test
    void sequenceEndBoundsTheSource() throws Exception {
        Map<String, String> options = Map.of("rows-per-second", "1e12", "fields.id.kind", "sequence",
                "fields.id.start", "5", "fields.id.end", "14");
        TableContext ctx = context(options, null);
        assertThat(new DataGenConnectorFactory().isBounded(ctx)).isTrue();
        List<Row> rows = drain(reader(options, null), 10);
        assertThat(rows).extracting(r -> r.field(0)).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
        assertThat(new DataGenConnectorFactory().isBounded(context(Map.of(), null))).isFalse();
    }

    @Test
    void parallelSubtasksSplitTheRowsWithoutOverlap() throws Exception {
        List<Object> ids = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            Map<String, String> options = new HashMap<>(boundedOptions());
            options.put("connector", "datagen");
            TableContext ctx = new TableContext("gen", SCHEMA, options, Configuration.empty(), s, 3, null);
            DataGenReader r = new DataGenReader(DataGenSpec.from(ctx), ctx, () -> 0L, () -> 0L);
            for (Row row : drain(r, 100)) {
                ids.add(row.field(0));
            }
        }
        assertThat(ids).hasSize(5000).doesNotHaveDuplicates();
    }

    @Test
    void rateLimitIsHonoredWithoutSleeping() throws Exception {
        AtomicLong nanos = new AtomicLong();
        Map<String, String> options = Map.of("rows-per-second", "5000");
        TableContext ctx = context(options, null);
        DataGenReader reader = new DataGenReader(DataGenSpec.from(ctx), ctx, nanos::get, () -> 0L);
        long[] count = new long[1];
        assertThat(reader.pollNext(r -> count[0]++)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(count[0]).isEqualTo(DataGenReader.BATCH_SIZE); // the initial burst
        assertThat(reader.pollNext(r -> count[0]++)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        for (int step = 1; step <= 2000; step++) {
            nanos.addAndGet(1_000_000L); // 1 ms per poll, 2 s in total
            reader.pollNext(r -> count[0]++);
            long elapsedSeconds = nanos.get() / 1_000_000_000L;
            assertThat(count[0]).isLessThanOrEqualTo((long) (5000 * nanos.get() / 1e9) + DataGenReader.BATCH_SIZE);
            assertThat(elapsedSeconds).isLessThanOrEqualTo(2);
        }
        assertThat(count[0]).isBetween(10_000L, 10_000L + DataGenReader.BATCH_SIZE);
    }

    @Test
    void badOptionsAreRejectedWithTheKey() {
        assertThatThrownBy(() -> DataGenSpec.from(context(Map.of("fields.nope.kind", "random"), null)))
                .isInstanceOf(WeirException.class).hasMessageContaining("fields.nope.kind")
                .hasMessageContaining("id, amount, name");
        assertThatThrownBy(() -> DataGenSpec.from(context(Map.of("fields.id.kind", "sequence"), null)))
                .isInstanceOf(WeirException.class).hasMessageContaining("fields.id.start");
        assertThatThrownBy(() -> DataGenSpec.from(context(Map.of("fields.amount.min", "abc"), null)))
                .isInstanceOf(WeirException.class).hasMessageContaining("'abc'").hasMessageContaining("fields.amount.min");
        assertThatThrownBy(() -> DataGenSpec.from(context(Map.of("number-of-rowz", "1"), null)))
                .isInstanceOf(WeirException.class).hasMessageContaining("number-of-rowz")
                .hasMessageContaining("number-of-rows");
        assertThatThrownBy(() -> DataGenSpec.from(context(Map.of("fields.amount.min", "1e20"), null)))
                .isInstanceOf(WeirException.class).hasMessageContaining("INT");
    }
}

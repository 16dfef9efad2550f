package dev.weir.connectors.print;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.connectors.AllTypes;
import dev.weir.connectors.format.ValueFormatter;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.connector.TableContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrintSinkWriterTest {
    private static String print(RowType schema, Configuration config, int subtask, int parallelism, String id,
            Row... rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TableContext ctx = new TableContext("p", schema, Map.of("connector", "print"), config, subtask, parallelism,
                null);
        PrintSinkWriter w = new PrintSinkWriter(ctx, id, stream);
        for (Row r : rows) {
            w.write(r);
        }
        w.finish();
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void printsEveryTypeAndNullLikeFlink() {
        RowType schema = AllTypes.SCHEMA;
        String out = print(schema, Configuration.empty(), 0, 1, "", Row.of(AllTypes.values()),
                Row.of(new Object[schema.arity()]));
        assertThat(out).isEqualTo("+I[true, 1, 2, 3, 4, 1.5, 2.25, 12.30, a,\"b\", 2023-11-14, 22:13:20, "
                + "2023-11-14 22:13:20.000, 2023-11-14 22:13:20.123, x'010203']\n"
                + "+I[null, null, null, null, null, null, null, null, null, null, null, null, null, null]\n");
    }

    @Test
    void printsAllRowKindsWithPrefixes() {
        RowType schema = RowType.builder().add("a", DataType.string()).add("n", DataType.bigint()).build();
        Row r = Row.of("x", 1L);
        assertThat(print(schema, Configuration.empty(), 0, 1, "", r, r.withKind(RowKind.UPDATE_BEFORE),
                r.withKind(RowKind.UPDATE_AFTER), r.withKind(RowKind.DELETE)))
                .isEqualTo("+I[x, 1]\n-U[x, 1]\n+U[x, 1]\n-D[x, 1]\n");
        assertThat(print(schema, Configuration.empty(), 0, 1, "sink", r)).isEqualTo("sink> +I[x, 1]\n");
        assertThat(print(schema, Configuration.empty(), 1, 2, "sink", r)).isEqualTo("sink:2> +I[x, 1]\n");
        assertThat(print(schema, Configuration.empty(), 1, 2, "", r)).isEqualTo("2> +I[x, 1]\n");
    }

    @Test
    void timestampLtzUsesTheSessionZone() {
        RowType schema = RowType.builder().add("t", DataType.of(TypeRoot.TIMESTAMP_LTZ, 3)).build();
        String out = print(schema, Configuration.empty().with("table.local-time-zone", "Europe/Berlin"), 0, 1, "",
                Row.of(1_700_000_000_000L));
        assertThat(out).isEqualTo("+I[2023-11-14 23:13:20.000]\n");
    }

    @Test
    void formatterRendersLikeCastToString() {
        ZoneId utc = ZoneOffset.UTC;
        assertThat(ValueFormatter.format(1_700_000_000_000L, DataType.timestamp(0), utc)).isEqualTo("2023-11-14 22:13:20");
        assertThat(ValueFormatter.format(1_700_000_000_500L, DataType.timestamp(6), utc))
                .isEqualTo("2023-11-14 22:13:20.500000");
        assertThat(ValueFormatter.format(-1L, DataType.timestamp(3), utc)).isEqualTo("1969-12-31 23:59:59.999");
        assertThat(ValueFormatter.format(1.0E10, DataType.of(TypeRoot.DOUBLE), utc)).isEqualTo("1.0E10");
        assertThat(ValueFormatter.format(new BigDecimal("1.5"), DataType.decimal(5, 3), utc)).isEqualTo("1.500");
        assertThat(ValueFormatter.format(null, DataType.bigint(), utc, ValueFormatter.TABLEAU_NULL)).isEqualTo("<NULL>");
        assertThat(ValueFormatter.format(null, DataType.bigint(), utc)).isEqualTo("null");
    }
}

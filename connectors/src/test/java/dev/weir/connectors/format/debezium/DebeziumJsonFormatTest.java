package dev.weir.connectors.format.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.connectors.format.BadRecordException;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebeziumJsonFormatTest {
    private static final RowType SCHEMA = RowType.builder().add("id", DataType.bigint()).add("ts", DataType.timestamp(3))
            .build();
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void readsThePayloadOfASchemaEnvelopeWhenAsked() throws Exception {
        String event = "{\"schema\":{},\"payload\":{\"before\":null,\"after\":{\"id\":5,\"ts\":\"2023-11-14 22:13:20.000\"},"
                + "\"op\":\"c\"}}";
        assertThat(decode(new DebeziumJsonDecoder(SCHEMA, true, UTC), event))
                .containsExactly(Row.ofKind(RowKind.INSERT, 5L, 1_700_000_000_000L));
        assertThatThrownBy(() -> decode(new DebeziumJsonDecoder(SCHEMA, false, UTC), event))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("debezium-json.schema-include");
    }

    @Test
    void malformedEventsSayWhatIsWrong() {
        DebeziumJsonDecoder d = new DebeziumJsonDecoder(SCHEMA, false, UTC);
        assertThatThrownBy(() -> decode(d, "{\"after\":{\"id\":1},\"op\":\"x\"}")).hasMessageContaining("unknown 'op'");
        assertThatThrownBy(() -> decode(d, "{\"before\":null,\"after\":{\"id\":1},\"op\":\"u\"}"))
                .hasMessageContaining("no 'before' object");
        assertThatThrownBy(() -> decode(d, "{\"after\":{\"id\":1}}")).hasMessageContaining("no 'op'");
        assertThatThrownBy(() -> decode(d, "[1]")).hasMessageContaining("expected a Debezium JSON object");
    }

    @Test
    void encodedChangesDecodeBackAsFlinkWritesThem() throws Exception {
        DebeziumJsonEncoder e = new DebeziumJsonEncoder(SCHEMA, false);
        DebeziumJsonDecoder d = new DebeziumJsonDecoder(SCHEMA, false, UTC);
        byte[] plus = e.encode(Row.ofKind(RowKind.UPDATE_AFTER, 1L, null));
        assertThat(new String(plus, StandardCharsets.UTF_8))
                .isEqualTo("{\"before\":null,\"after\":{\"id\":1,\"ts\":null},\"op\":\"c\"}");
        assertThat(decode(d, new String(e.encode(Row.ofKind(RowKind.UPDATE_BEFORE, 2L, 0L)), StandardCharsets.UTF_8)))
                .containsExactly(Row.ofKind(RowKind.DELETE, 2L, 0L));
        List<Row> none = new ArrayList<>();
        d.decode(null, none::add);
        assertThat(none).as("a tombstone emits nothing").isEmpty();
    }

    private static List<Row> decode(DebeziumJsonDecoder d, String event) throws BadRecordException {
        List<Row> out = new ArrayList<>();
        d.decode(event.getBytes(StandardCharsets.UTF_8), out::add);
        return out;
    }
}

package dev.weir.connectors.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.connectors.format.debezium.DebeziumJsonDecoder;
import dev.weir.connectors.format.debezium.DebeziumJsonEncoder;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.WeirException;
import dev.weir.core.type.CollectionValues;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectionFormatsTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final RowType SCHEMA = RowType.builder()
            .add("id", DataType.bigint())
            .add("tags", DataType.array(DataType.string()))
            .add("scores", DataType.map(DataType.string(), DataType.of(TypeRoot.INT)))
            .add("nested", DataType.array(DataType.map(DataType.string(), DataType.array(DataType.decimal(5, 2)))))
            .add("times", DataType.array(DataType.timestamp(3)))
            .build();

    @Test
    void jsonArraysAndObjectsDecodeIntoArraysAndMaps() throws Exception {
        JsonRowDecoder d = new JsonRowDecoder(SCHEMA, false, UTC);
        Object[] v = decode(d, "{\"id\":1,\"tags\":[\"a\",null,\"c\"],\"scores\":{\"x\":1,\"y\":null,\"z\":\"3\"},"
                + "\"nested\":[{\"p\":[1.5,null]},null],\"times\":[\"2023-11-14 22:13:20.000\"]}");
        assertThat(v[1]).isEqualTo(Arrays.asList("a", null, "c"));
        assertThat(v[2]).isEqualTo(map("x", 1, "y", null, "z", 3));
        assertThat(new ArrayList<Object>(((Map<?, ?>) v[2]).keySet())).containsExactly("x", "y", "z");
        assertThat(v[3]).isEqualTo(Arrays.asList(map("p", Arrays.asList(new BigDecimal("1.50"), null)), null));
        assertThat(v[4]).isEqualTo(List.of(1_700_000_000_000L));
        Object[] empty = decode(d, "{\"id\":2,\"tags\":[],\"scores\":{},\"nested\":null}");
        assertThat(empty[1]).isEqualTo(List.of());
        assertThat(empty[2]).isEqualTo(Map.of());
        assertThat(empty[3]).isNull();
        assertThat(empty[4]).isNull();
    }

    @Test
    void wrongJsonShapesAreBadRecordsNamingTheColumn() {
        JsonRowDecoder d = new JsonRowDecoder(SCHEMA, false, UTC);
        assertThatThrownBy(() -> decode(d, "{\"tags\":\"a\"}")).isInstanceOf(BadRecordException.class)
                .hasMessage("cannot parse '\"a\"' as ARRAY<STRING> for column 'tags'");
        assertThatThrownBy(() -> decode(d, "{\"scores\":[1]}")).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("as MAP<STRING, INT> for column 'scores'");
        assertThatThrownBy(() -> decode(d, "{\"scores\":{\"x\":\"one\"}}")).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("cannot parse 'one' as INT for column 'scores'");
    }

    @Test
    void arraysAndMapsEncodeAsJsonAndReadBack() throws Exception {
        Row row = Row.of(7L, CollectionValues.array(new Object[] {"q\"uote", null}), map("x", 1, "y", null),
                CollectionValues.array(new Object[] {map("p", CollectionValues.array(new Object[] {new BigDecimal("2.50")}))}),
                CollectionValues.array(new Object[] {1_700_000_000_000L}));
        StringBuilder out = new StringBuilder();
        new JsonRowEncoder(SCHEMA, false).encode(row, out);
        assertThat(out.toString()).isEqualTo("{\"id\":7,\"tags\":[\"q\\\"uote\",null],\"scores\":{\"x\":1,\"y\":null},"
                + "\"nested\":[{\"p\":[2.50]}],\"times\":[\"2023-11-14 22:13:20.000\"]}\n");
        Object[] back = decode(new JsonRowDecoder(SCHEMA, false, UTC), out.toString().trim());
        assertThat(Row.of(back)).isEqualTo(row);
    }

    @Test
    void debeziumJsonCarriesCollectionsInItsImages() throws Exception {
        RowType schema = RowType.builder().add("id", DataType.bigint()).add("tags", DataType.array(DataType.string()))
                .build();
        Row row = Row.ofKind(RowKind.INSERT, 1L, CollectionValues.array(new Object[] {"a", "b"}));
        byte[] event = new DebeziumJsonEncoder(schema, false).encode(row);
        assertThat(new String(event, StandardCharsets.UTF_8))
                .isEqualTo("{\"before\":null,\"after\":{\"id\":1,\"tags\":[\"a\",\"b\"]},\"op\":\"c\"}");
        List<Row> rows = new ArrayList<>();
        new DebeziumJsonDecoder(schema, false, UTC).decode(event, rows::add);
        assertThat(rows).containsExactly(row);
    }

    @Test
    void printRendersAsFlinkAndCsvRefusesCollections() {
        DataType ints = DataType.array(DataType.of(TypeRoot.INT));
        DataType tags = DataType.map(DataType.string(), DataType.of(TypeRoot.BOOLEAN));
        assertThat(ValueFormatter.format(CollectionValues.array(new Object[] {1, null, 3}), ints, UTC))
                .isEqualTo("[1, null, 3]");
        assertThat(ValueFormatter.format(map("a", true, "b", null), tags, UTC)).isEqualTo("{a=true, b=null}");
        // the SQL client's rendering, as CAST(v AS STRING): NULL elements in capitals
        assertThat(ValueFormatter.format(CollectionValues.array(new Object[] {null}), ints, UTC, "<NULL>"))
                .isEqualTo("[NULL]");
        assertThat(ValueFormatter.format(CollectionValues.array(new Object[] {1_700_000_000_000L}),
                DataType.array(DataType.timestamp(3)), UTC)).isEqualTo("[2023-11-14 22:13:20.000]");
        RowType withMap = RowType.builder().add("m", tags).build();
        assertThatThrownBy(() -> new CsvRowDecoder(withMap, ',', '"', -1, null, UTC)).isInstanceOf(WeirException.class)
                .hasMessageContaining("Column 'm' has type MAP<STRING, BOOLEAN>, which the csv format cannot hold");
        RowType withArray = RowType.builder().add("a", ints).build();
        assertThatThrownBy(() -> new CsvRowEncoder(withArray, ',', '"', -1, "")).isInstanceOf(WeirException.class)
                .hasMessageContaining("Column 'a' has type ARRAY<INT>");
        RowType intKeys = RowType.builder().add("m", DataType.map(DataType.of(TypeRoot.INT), DataType.string())).build();
        assertThatThrownBy(() -> new JsonRowEncoder(intKeys, false)).isInstanceOf(WeirException.class)
                .hasMessageContaining("declare the key type STRING");
    }

    private static Map<Object, Object> map(Object... keysAndValues) {
        LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return CollectionValues.map(m);
    }

    private static Object[] decode(JsonRowDecoder d, String json) throws BadRecordException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return d.decode(b, 0, b.length);
    }
}

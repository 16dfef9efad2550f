package dev.weir.core.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.CollectionValues;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectionSerializersTest {
    private static final DataType INTS = DataType.array(DataType.of(TypeRoot.INT));
    private static final DataType TAGS = DataType.map(DataType.string(), DataType.of(TypeRoot.BIGINT));
    private static final DataType NESTED = DataType.array(DataType.map(DataType.string(),
            DataType.array(DataType.decimal(10, 2))));

    @Test
    void typesRenderAsFlinkDoes() {
        assertThat(INTS).hasToString("ARRAY<INT>");
        assertThat(TAGS.notNull()).hasToString("MAP<STRING, BIGINT> NOT NULL");
        assertThat(NESTED).hasToString("ARRAY<MAP<STRING, ARRAY<DECIMAL(10, 2)>>>");
        assertThat(DataType.array(DataType.of(TypeRoot.INT).notNull())).hasToString("ARRAY<INT NOT NULL>");
        assertThat(INTS).isEqualTo(DataType.array(DataType.of(TypeRoot.INT)))
                .isNotEqualTo(DataType.array(DataType.of(TypeRoot.BIGINT)));
        assertThat(INTS.notNull().nullable(true)).isEqualTo(INTS);
        assertThat(TAGS.keyType()).isEqualTo(DataType.string());
        assertThat(TAGS.valueType()).isEqualTo(DataType.bigint());
        assertThatThrownBy(() -> DataType.of(TypeRoot.ARRAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(INTS::keyType).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void rowsWithCollectionsRoundTrip() throws IOException {
        RowType type = RowType.builder().add("ints", INTS).add("tags", TAGS).add("nested", NESTED).build();
        LinkedHashMap<Object, Object> tags = new LinkedHashMap<>();
        tags.put("z", 1L);
        tags.put("a", null);
        tags.put(null, 3L);
        LinkedHashMap<Object, Object> inner = new LinkedHashMap<>();
        inner.put("p", CollectionValues.array(new Object[] {new BigDecimal("1.50"), null}));
        inner.put("q", null);
        Row row = Row.ofKind(RowKind.UPDATE_AFTER, CollectionValues.array(new Object[] {1, null, 3}),
                CollectionValues.map(tags), CollectionValues.array(new Object[] {CollectionValues.map(inner), null}));
        Row back = roundTrip(new RowSerializer(type), row);
        assertThat(back).isEqualTo(row).hasSameHashCodeAs(row);
        assertThat(back.toString()).isEqualTo("+U[[1, null, 3], {z=1, a=null, null=3}, [{p=[1.50, null], q=null}, null]]");
        // insertion order survives
        assertThat(((Map<Object, Object>) back.field(1)).keySet()).containsExactly("z", "a", null);
        Row empty = Row.of(CollectionValues.array(new Object[0]), CollectionValues.map(new LinkedHashMap<>()), null);
        assertThat(roundTrip(new RowSerializer(type), empty)).isEqualTo(empty);
    }

    @Test
    void valuesAreUnmodifiableAndHashTheSameEverywhere() {
        List<Object> a = CollectionValues.array(new Object[] {"x", 2L});
        assertThatThrownBy(() -> a.set(0, "y")).isInstanceOf(UnsupportedOperationException.class);
        // List.hashCode over String and Long: fixed across JVMs, so usable for key groups
        assertThat(Row.of(a).hashCode()).isEqualTo(Row.of(List.of("x", 2L)).hashCode());
        assertThat(a.hashCode()).isEqualTo(31 * (31 + "x".hashCode()) + Long.hashCode(2L));
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        serializer.serialize(value, new DataOutputStream(bytes));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        T back = serializer.deserialize(in);
        assertThat(in.available()).isZero();
        return back;
    }
}

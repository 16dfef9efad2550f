package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.CollectionValues;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.operator.Output;
import dev.weir.executor.plan.UnnestSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnnestOperatorTest {
    private static final DataType INTS = DataType.array(DataType.of(TypeRoot.INT));

    private static final class Collected implements Output {
        final List<String> rows = new ArrayList<>();
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void collect(Row row) {
            rows.add(row.toString());
        }

        @Override
        public void emitWatermark(long watermark) {
            watermarks.add(watermark);
        }
    }

    private static UnnestSpec arraySpec(boolean ordinality, boolean keepEmpty) {
        RowType.Builder out = RowType.builder().add("id", DataType.bigint()).add("xs", INTS)
                .add("x", DataType.of(TypeRoot.INT));
        if (ordinality) {
            out.add("pos", DataType.of(TypeRoot.INT));
        }
        return new UnnestSpec("unnest", out.build(), r -> r.field(1), "xs", false, ordinality, keepEmpty);
    }

    @Test
    void eachElementBecomesARowKeepingTheChangeKind() throws Exception {
        UnnestOperator op = new UnnestOperator(arraySpec(true, false));
        Collected out = new Collected();
        op.processElement(Row.of(1L, CollectionValues.array(new Object[] {10, null})), out);
        op.processElement(Row.ofKind(RowKind.UPDATE_BEFORE, 2L, CollectionValues.array(new Object[] {7})), out);
        op.processElement(Row.of(3L, CollectionValues.array(new Object[0])), out);
        op.processElement(Row.of(4L, null), out);
        op.processWatermark(99, out);
        assertThat(out.rows).containsExactly("+I[1, [10, null], 10, 1]", "+I[1, [10, null], null, 2]",
                "-U[2, [7], 7, 1]");
        assertThat(out.watermarks).containsExactly(99L);
    }

    @Test
    void leftJoinKeepsRowsWithoutElementsPaddedWithNulls() throws Exception {
        UnnestOperator op = new UnnestOperator(arraySpec(false, true));
        Collected out = new Collected();
        op.processElement(Row.of(3L, CollectionValues.array(new Object[0])), out);
        op.processElement(Row.of(4L, null), out);
        op.processElement(Row.of(5L, CollectionValues.array(new Object[] {1, 2})), out);
        assertThat(out.rows).containsExactly("+I[3, [], null]", "+I[4, null, null]", "+I[5, [1, 2], 1]",
                "+I[5, [1, 2], 2]");
    }

    @Test
    void aMapGivesItsEntriesInOrder() throws Exception {
        DataType tags = DataType.map(DataType.string(), DataType.bigint());
        RowType type = RowType.builder().add("m", tags).add("k", DataType.string()).add("v", DataType.bigint()).build();
        UnnestOperator op = new UnnestOperator(new UnnestSpec("unnest", type, r -> r.field(0), "m", true, false,
                false));
        LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
        m.put("z", 1L);
        m.put("a", null);
        Collected out = new Collected();
        op.processElement(Row.of(CollectionValues.map(m)), out);
        assertThat(out.rows).containsExactly("+I[{z=1, a=null}, z, 1]", "+I[{z=1, a=null}, a, null]");
    }
}

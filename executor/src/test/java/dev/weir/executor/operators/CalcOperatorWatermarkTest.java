package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.Output;
import dev.weir.executor.plan.CalcSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Calc that reads CURRENT_WATERMARK sees the last watermark it received as one extra input field. */
class CalcOperatorWatermarkTest {
    private static final RowType OUT = RowType.builder()
            .add("ts", DataType.timestamp(3))
            .add("wm", DataType.timestamp(3))
            .build();

    @Test
    void expressionsSeeTheLastWatermarkOrNullBeforeTheFirst() throws Exception {
        // SELECT ts, CURRENT_WATERMARK(ts) AS wm FROM t WHERE CURRENT_WATERMARK(ts) IS NULL OR ts > CURRENT_WATERMARK(ts)
        CalcSpec spec = new CalcSpec("calc-wm", OUT, List.of(r -> r.field(0), r -> r.field(1)), List.of("ts", "wm"),
                r -> r.field(1) == null || (Long) r.field(0) > (Long) r.field(1),
                "OR(IS NULL(CURRENT_WATERMARK(ts)), >(ts, CURRENT_WATERMARK(ts)))", true);
        CalcOperator calc = new CalcOperator(spec);
        List<Row> rows = new ArrayList<>();
        List<Long> watermarks = new ArrayList<>();
        Output out = new Output() {
            @Override
            public void collect(Row row) {
                rows.add(row);
            }

            @Override
            public void emitWatermark(long watermark) {
                watermarks.add(watermark);
            }
        };
        calc.processElement(Row.wrap(RowKind.INSERT, new Object[] {5L}), out);
        calc.processWatermark(10L, out);
        calc.processElement(Row.wrap(RowKind.INSERT, new Object[] {10L}), out); // not after the watermark: late
        calc.processElement(Row.wrap(RowKind.UPDATE_AFTER, new Object[] {11L}), out);
        calc.processWatermark(7L, out); // a smaller watermark never moves it back
        calc.processElement(Row.wrap(RowKind.INSERT, new Object[] {9L}), out);

        assertThat(rows).extracting(Row::kind).containsExactly(RowKind.INSERT, RowKind.UPDATE_AFTER);
        assertThat(rows.get(0).field(0)).isEqualTo(5L);
        assertThat(rows.get(0).field(1)).isNull();
        assertThat(rows.get(1).field(0)).isEqualTo(11L);
        assertThat(rows.get(1).field(1)).isEqualTo(10L);
        assertThat(rows.get(1).arity()).isEqualTo(2);
        assertThat(watermarks).containsExactly(10L, 7L);
    }
}

package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.OverAggregateSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OVER aggregates ordered by a non-time column, or over an updating input, are the updating
 * OverAggregate (as Flink's non-time OVER); ordered by the rowtime over an insert-only input the plan
 * stays the event-time one.
 */
class NonTimeOverPlanningTest {
    private static final String TABLES = "CREATE TABLE t (k STRING, v INT, ts TIMESTAMP(3),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
            + "CREATE TABLE appends (k STRING, v INT, cnt BIGINT) WITH ('connector' = 'filesystem',"
            + " 'path' = '/tmp/never-written', 'format' = 'csv');\n";

    private static List<OperatorSpec> operators(String sql) {
        return PlanningSessions.operators(TABLES + sql);
    }

    @Test
    void orderedByANonTimeColumnItIsTheUpdatingOverAggregate() {
        OverAggregateSpec over = PlanningSessions.first(operators("SELECT k, v, COUNT(*) OVER (PARTITION BY k "
                + "ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), SUM(v) OVER (PARTITION BY k "
                + "ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t;"), OverAggregateSpec.class);
        assertThat(over.nonTimeOrder()).isTrue();
        assertThat(over.rows()).isTrue();
        assertThat(over.describe()).startsWith("OverAggregate(partitionBy=[k], orderBy=[v ASC NULLS FIRST], "
                + "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, select=[COUNT(*) AS w0$o0, ");
        assertThat(over.stateDescription()).contains("every input row per (k)");
    }

    @Test
    void overAGroupByWithTheDefaultFrameItIsARangeOverAggregate() {
        OverAggregateSpec over = PlanningSessions.first(operators("SELECT k, n, COUNT(*) OVER (ORDER BY n) "
                + "FROM (SELECT k, COUNT(*) AS n FROM t GROUP BY k);"), OverAggregateSpec.class);
        assertThat(over.nonTimeOrder()).isTrue();
        assertThat(over.rows()).isFalse();
        assertThat(over.keyIndices()).isEmpty();
    }

    @Test
    void itsResultUpdatesSoAnAppendOnlySinkRefusesIt() {
        assertThatThrownBy(() -> operators("INSERT INTO appends SELECT k, v, COUNT(*) OVER (PARTITION BY k "
                + "ORDER BY v) FROM t;"))
                .hasMessageContaining("appends")
                .hasMessageContaining("OverAggregate(");
    }

    @Test
    void orderedByTheRowtimeOverAnInsertOnlyInputThePlanIsUnchanged() {
        OverAggregateSpec over = PlanningSessions.first(operators("SELECT k, COUNT(*) OVER (PARTITION BY k "
                + "ORDER BY ts) FROM t;"), OverAggregateSpec.class);
        assertThat(over.nonTimeOrder()).isFalse();
        assertThat(over.describe()).contains("orderBy=[ROWTIME ts]");
    }

    @Test
    void orderedByTheRowtimeOverAnUpdatingInputItIsRefusedAsInFlink() {
        String changelog = "CREATE TABLE cdc (k STRING, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ("
                + "'connector' = 'filesystem', 'path' = '/tmp/weir-never-read', 'format' = 'debezium-json');\n";
        assertThatThrownBy(() -> PlanningSessions.operators(TABLES + changelog + "SELECT k, SUM(v) OVER ("
                + "PARTITION BY k ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM cdc;"))
                .hasMessageContaining("an OVER aggregate ordered by the rowtime over an updating input");
    }
}

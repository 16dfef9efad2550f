package dev.weir.planner;

import static dev.weir.planner.PlanningSessions.last;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.executor.plan.WindowKind;
import dev.weir.parser.SqlException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TUMBLE, HOP, CUMULATE and SESSION window aggregations over a changelog source: specs, EXPLAIN, refusals. */
class WindowAggregateOverUpdatingPlanningTest {
    private static final String SOURCE = "CREATE TABLE cdc (\n"
            + "  id INT,\n"
            + "  k STRING,\n"
            + "  v INT,\n"
            + "  ts TIMESTAMP(3),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND\n"
            + ") WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:1',\n"
            + "  'scan.startup.mode' = 'earliest-offset',\n"
            + "  'format' = 'debezium-json');\n"
            + "CREATE TABLE csv_out (k STRING, ws TIMESTAMP(3), cnt BIGINT, lo INT) WITH ('connector' = 'filesystem',"
            + " 'path' = '/tmp/out', 'format' = 'csv');\n";

    private static String query(String window) {
        return "SELECT k, window_start, COUNT(*), MIN(v) FROM TABLE(\n  " + window
                + ")\nGROUP BY k, window_start, window_end";
    }

    private static WindowAggregateSpec windowSpec(StatementResult result) {
        return PlanningSessions.first(((StatementResult.RunJob) result).plan().operators(), WindowAggregateSpec.class);
    }

    @Test
    void tumbleHopAndCumulateTakeAnUpdatingInputAndProduceAnInsertOnlyResult() {
        for (String window : List.of("TUMBLE(TABLE cdc, DESCRIPTOR(ts), INTERVAL '10' SECOND)",
                "HOP(TABLE cdc, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND)",
                "CUMULATE(TABLE cdc, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND)")) {
            StatementResult run = last(SOURCE + "INSERT INTO csv_out " + query(window) + ";");
            WindowAggregateSpec spec = windowSpec(run);
            assertThat(spec.updatingInput()).as(window).isTrue();
            assertThat(QueryPlanner.updatingNode(((StatementResult.RunJob) run).plan())).as(window).isNull();
        }
        assertThat(windowSpec(last(SOURCE + "INSERT INTO csv_out " + query(
                "HOP(TABLE cdc, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND)") + ";")).kind())
                .isEqualTo(WindowKind.HOP);
    }

    @Test
    void explainShowsTheRetractingAggregatesAndTheirState() {
        String explain = ((StatementResult.Text) last(SOURCE + "EXPLAIN " + query(
                "TUMBLE(TABLE cdc, DESCRIPTOR(ts), INTERVAL '10' SECOND)") + ";")).text();
        assertThat(explain).contains("COUNT_RETRACT(*) AS EXPR$2", "MIN_RETRACT($1) AS EXPR$3",
                "inputChangelog=[I,UB,UA,D]", "a row count and retractable accumulators per (k, window)");
    }

    @Test
    void sessionWindowsTakeAnUpdatingInputAndProduceAnInsertOnlyResult() {
        String session = "SESSION(TABLE cdc PARTITION BY k, DESCRIPTOR(ts), INTERVAL '10' SECOND)";
        StatementResult run = last(SOURCE + "INSERT INTO csv_out " + query(session) + ";");
        SessionWindowAggregateSpec spec = PlanningSessions.first(((StatementResult.RunJob) run).plan().operators(),
                SessionWindowAggregateSpec.class);
        assertThat(spec.updatingInput()).isTrue();
        assertThat(spec.describe()).contains("COUNT_RETRACT(*)", "inputChangelog=[I,UB,UA,D]");
        assertThat(QueryPlanner.updatingNode(((StatementResult.RunJob) run).plan())).isNull();
        assertThatThrownBy(() -> last(SOURCE + "SET 'table.exec.emit.allow-lateness' = '1 min';\n" + query(session)
                + ";"))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("'table.exec.emit.allow-lateness' on a SESSION window aggregation over an"
                        + " updating input");
    }

    @Test
    void lateRowsAndAllowedLatenessOverAnUpdatingInputAreRefused() {
        assertThatThrownBy(() -> last(SOURCE + "SET 'table.exec.emit.allow-lateness' = '1 min';\n" + query(
                "TUMBLE(TABLE cdc, DESCRIPTOR(ts), INTERVAL '10' SECOND)") + ";"))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("'table.exec.emit.allow-lateness' on a TUMBLE window aggregation over an updating"
                        + " input");
        assertThatThrownBy(() -> last(SOURCE + "CREATE TABLE late_changes (id INT, k STRING, v INT, ts TIMESTAMP(3))"
                + " WITH ('connector' = 'blackhole');\nINSERT INTO csv_out SELECT /*+ LATE_ROWS('late_changes') */"
                + query("TUMBLE(TABLE cdc, DESCRIPTOR(ts), INTERVAL '10' SECOND)").substring("SELECT".length())
                + ";"))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("a LATE_ROWS hint on a TUMBLE window aggregation over an updating input");
    }
}

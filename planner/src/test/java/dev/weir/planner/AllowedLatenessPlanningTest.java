package dev.weir.planner;

import static dev.weir.planner.PlanningSessions.last;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.parser.SqlException;
import org.junit.jupiter.api.Test;

/** Planning of {@code table.exec.emit.allow-lateness} and of CURRENT_WATERMARK: specs, EXPLAIN, errors. */
class AllowedLatenessPlanningTest {
    private static final String SOURCE = "CREATE TABLE src (\n"
            + "  id BIGINT,\n"
            + "  name STRING,\n"
            + "  ts TIMESTAMP(3),\n"
            + "  plain_ts TIMESTAMP(3),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND\n"
            + ") WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
            + "CREATE TABLE csv_out (name STRING, cnt BIGINT) WITH ('connector' = 'filesystem', "
            + "'path' = '/tmp/out', 'format' = 'csv');\n";
    private static final String TUMBLE = "SELECT name, COUNT(*) FROM TABLE(\n"
            + "  TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '10' SECOND))\nGROUP BY name, window_start, window_end";

    @Test
    void allowLatenessMakesTheWindowAggregateUpdatingAndExplainSaysHowLongStateIsKept() {
        StatementResult run = last(SOURCE + "SET 'table.exec.emit.allow-lateness' = '1 min';\n" + TUMBLE + ";");
        WindowAggregateSpec spec = ((StatementResult.RunJob) run).plan().operators().stream()
                .filter(WindowAggregateSpec.class::isInstance).map(WindowAggregateSpec.class::cast).findFirst()
                .orElseThrow();
        assertThat(spec.allowedLatenessMillis()).isEqualTo(60_000);
        assertThat(QueryPlanner.updatingNode(((StatementResult.RunJob) run).plan())).contains("allowLateness=[60000 ms]");

        String explain = ((StatementResult.Text) last(SOURCE + "SET 'table.exec.emit.allow-lateness' = '1 min';\n"
                + "EXPLAIN " + TUMBLE + ";")).text();
        assertThat(explain).contains("allowLateness=[60000 ms]")
                .contains("cleared when the watermark passes the window end + 60000 ms of allowed lateness");
    }

    @Test
    void theLatenessDoesNotChangeTheOperatorId() {
        StatementResult without = last(SOURCE + TUMBLE + ";");
        StatementResult with = last(SOURCE + "SET 'table.exec.emit.allow-lateness' = '5 s';\n" + TUMBLE + ";");
        String id = ((StatementResult.RunJob) without).plan().operators().stream()
                .filter(WindowAggregateSpec.class::isInstance).findFirst().orElseThrow().id();
        assertThat(((StatementResult.RunJob) with).plan().operators()).anyMatch(op -> op.id().equals(id)
                && ((WindowAggregateSpec) op).allowedLatenessMillis() == 5_000);
        assertThat(QueryPlanner.updatingNode(((StatementResult.RunJob) without).plan())).isNull();
    }

    @Test
    void sessionWindowsTakeTheLatenessToo() {
        StatementResult run = last(SOURCE + "SET 'table.exec.emit.allow-lateness' = '30 s';\n"
                + "SELECT name, COUNT(*) FROM TABLE(SESSION(TABLE src PARTITION BY name, DESCRIPTOR(ts), "
                + "INTERVAL '10' SECOND))\nGROUP BY name, window_start, window_end;");
        assertThat(((StatementResult.RunJob) run).plan().operators()).anyMatch(op ->
                op instanceof SessionWindowAggregateSpec s && s.allowedLatenessMillis() == 30_000);
    }

    @Test
    void anAppendOnlySinkIsRefused() {
        assertThatThrownBy(() -> last(SOURCE + "SET 'table.exec.emit.allow-lateness' = '1 min';\n"
                + "INSERT INTO csv_out " + TUMBLE + ";"))
                .isInstanceOf(SqlException.class)
                .hasMessageStartingWith("t.sql:10:1: Table sink 'csv_out' doesn't support consuming update changes "
                        + "which is produced by node WindowAggregate(")
                .hasMessageContaining("allowLateness=[60000 ms]")
                .hasMessageContaining("RESET 'table.exec.emit.allow-lateness'");
    }

    @Test
    void aCascadedWindowOverAnUpdatingWindowIsRefused() {
        assertThatThrownBy(() -> last(SOURCE + "SET 'table.exec.emit.allow-lateness' = '1 min';\n"
                + "CREATE VIEW per_10s AS SELECT name, window_time AS wt, COUNT(*) AS n FROM TABLE(\n"
                + "  TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY name, window_start, window_end,"
                + " window_time;\n"
                + "SELECT name, SUM(n) FROM TABLE(TUMBLE(TABLE per_10s, DESCRIPTOR(wt), INTERVAL '1' MINUTE))\n"
                + "GROUP BY name, window_start, window_end;"))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("over an updating input (produced by WindowAggregate(");
    }

    @Test
    void lateFireWithoutDelayIsAcceptedAndADelayIsRefused() {
        assertThat(last(SOURCE + "SET 'table.exec.emit.allow-lateness' = '1 min';\n"
                + "SET 'table.exec.emit.late-fire.enabled' = 'true';\n"
                + "SET 'table.exec.emit.late-fire.delay' = '0 s';\n" + TUMBLE + ";"))
                .isInstanceOf(StatementResult.RunJob.class);
        assertThatThrownBy(() -> last(SOURCE + "SET 'table.exec.emit.allow-lateness' = '1 min';\n"
                + "SET 'table.exec.emit.late-fire.enabled' = 'true';\n"
                + "SET 'table.exec.emit.late-fire.delay' = '10 s';\n" + TUMBLE + ";"))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("Not supported yet: option 'table.exec.emit.late-fire.delay' = '10 s'");
        // The emit options only matter to window aggregations: other queries ignore them.
        assertThat(last(SOURCE + "SET 'table.exec.emit.late-fire.delay' = '10 s';\n"
                + "SELECT name, COUNT(*) FROM src GROUP BY name;")).isInstanceOf(StatementResult.RunJob.class);
        assertThatThrownBy(() -> last(SOURCE + "SET 'table.exec.emit.allow-lateness' = 'soon';\n" + TUMBLE + ";"))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("Invalid value 'soon' for option 'table.exec.emit.allow-lateness'");
        assertThatThrownBy(() -> last(SOURCE + "SET 'table.exec.emit.allow-lateness' = '1 min';\n"
                + "SET 'table.exec.emit.late-fire.enabled' = 'false';\n" + TUMBLE + ";"))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("'table.exec.emit.late-fire.enabled' is 'false'");
    }

    @Test
    void currentWatermarkMakesTheCalcReadTheWatermark() {
        StatementResult run = last(SOURCE + "SELECT id, CURRENT_WATERMARK(ts) AS wm FROM src\n"
                + "WHERE CURRENT_WATERMARK(ts) IS NULL OR ts > CURRENT_WATERMARK(ts);");
        assertThat(((StatementResult.RunJob) run).plan().operators()).anyMatch(op ->
                op instanceof CalcSpec c && c.readsWatermark() && c.describe().contains("CURRENT_WATERMARK(ts)"));
    }

    @Test
    void currentWatermarkOfAColumnWithoutWatermarkIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> last(SOURCE + "SELECT id,\n  CURRENT_WATERMARK(plain_ts) FROM src;"))
                .isInstanceOf(SqlException.class)
                .hasMessageStartingWith("t.sql:10:21: The function CURRENT_WATERMARK requires a rowtime attribute as "
                        + "its argument: column 'plain_ts' of table 'src' has no WATERMARK (the table's time attribute "
                        + "is 'ts')");
        assertThatThrownBy(() -> last(SOURCE + "SELECT id,\n  CURRENT_WATERMARK(name) FROM src;"))
                .isInstanceOf(SqlException.class)
                .hasMessageStartingWith("t.sql:10:21: The function CURRENT_WATERMARK requires a rowtime attribute as "
                        + "its argument: column 'name' is not a TIMESTAMP(3) or TIMESTAMP_LTZ(3) column");
        // Through a subquery the physical planner catches it.
        assertThatThrownBy(() -> last(SOURCE + "SELECT id, CURRENT_WATERMARK(p) FROM (SELECT id, plain_ts AS p FROM "
                + "src);"))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("The function CURRENT_WATERMARK requires a rowtime attribute as its argument, "
                        + "but 'plain_ts' in 'CURRENT_WATERMARK(plain_ts)' is not (the input's time attribute is 'ts')");
    }
}

package dev.weir.planner;

import static dev.weir.planner.StatementSetPlanningTest.DDL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.config.Configuration;
import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.plan.LateRowsSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.parser.SqlException;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** SELECT /*+ LATE_ROWS('t') *&#47;: the rows a window aggregation drops as late go into table t. */
class LateRowsPlanningTest {
    private static final String LATE = "CREATE TABLE late_clicks (user_id STRING, url STRING, ts TIMESTAMP(3))"
            + " WITH ('connector' = 'blackhole');\n"
            + "CREATE TABLE late_wide (user_id STRING, url VARCHAR(100), ts TIMESTAMP(6)) WITH ('connector' = 'blackhole');\n"
            + "CREATE TABLE late_short (user_id STRING) WITH ('connector' = 'blackhole');\n";
    private static final String WINDOW = " user_id, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks,"
            + " DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY user_id, window_start, window_end;";

    private static PhysicalPlan plan(String sql) {
        return StatementSetPlanningTest.plan(LATE + sql);
    }

    private static int indexOf(PhysicalPlan plan, Class<? extends OperatorSpec> kind) {
        for (int i = 0; i < plan.operators().size(); i++) {
            if (kind.isInstance(plan.operators().get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + kind.getSimpleName() + " in " + plan.explain());
    }

    @Test
    void theWindowsLateRowsGoThroughACalcIntoTheLateTable() {
        PhysicalPlan plan = plan("INSERT INTO counts SELECT /*+ LATE_ROWS('late_clicks') */" + WINDOW);
        int window = indexOf(plan, WindowAggregateSpec.class);
        int late = indexOf(plan, LateRowsSpec.class);
        assertThat(plan.inputsOf(late)).containsExactly(window);
        LateRowsSpec spec = (LateRowsSpec) plan.operators().get(late);
        assertThat(spec.type()).isEqualTo(plan.operators().get(plan.inputsOf(window).get(0)).outputType());
        // the window reads user_id and ts, then the whole row of clicks follows
        assertThat(spec.type().names()).containsExactly("user_id", "ts", "user_id0", "url", "ts0");
        CalcSpec calc = (CalcSpec) plan.operators().get(late + 1);
        assertThat(plan.inputsOf(late + 1)).containsExactly(late);
        assertThat(calc.describe()).isEqualTo("Calc(select=[user_id0 AS user_id, url, ts0 AS ts])");
        SinkSpec sink = (SinkSpec) plan.operators().get(late + 2);
        assertThat(plan.inputsOf(late + 2)).containsExactly(late + 1);
        assertThat(sink.tableName()).isEqualTo("late_clicks");
        assertThat(sink.id()).isEqualTo("sink-late_clicks");
        // the query's own sink stays last
        assertThat(plan.sink().tableName()).isEqualTo("counts");
        assertThat(plan.operators().get(plan.operators().size() - 1)).isSameAs(plan.sink());
        assertThat(plan.jobName()).isEqualTo("insert-into_counts");
    }

    @Test
    void theHintLeavesTheWindowsIdAndStateAlone() {
        PhysicalPlan plain = StatementSetPlanningTest.plan("INSERT INTO counts SELECT" + WINDOW);
        PhysicalPlan hinted = plan("INSERT INTO counts SELECT /*+ LATE_ROWS('late_clicks') */" + WINDOW);
        OperatorSpec before = plain.operators().get(indexOf(plain, WindowAggregateSpec.class));
        OperatorSpec after = hinted.operators().get(indexOf(hinted, WindowAggregateSpec.class));
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.describe()).isEqualTo(before.describe());
        assertThat(after.stateDescription()).isEqualTo(before.stateDescription());
    }

    @Test
    void columnsAreConvertedAsAnInsertWouldConvertThem() {
        PhysicalPlan plan = plan("INSERT INTO counts SELECT /*+ LATE_ROWS(late_wide) */" + WINDOW);
        CalcSpec calc = (CalcSpec) plan.operators().get(indexOf(plan, LateRowsSpec.class) + 1);
        assertThat(calc.describe()).isEqualTo("Calc(select=[user_id0 AS user_id, CAST(url AS VARCHAR(100)) AS url, "
                + "CAST(ts0 AS TIMESTAMP(6)) AS ts])");
    }

    @Test
    void legacyAndSessionWindowsWriteTheFromTablesRows() {
        PhysicalPlan legacy = plan("INSERT INTO counts SELECT /*+ LATE_ROWS('late_clicks') */ user_id,"
                + " TUMBLE_START(ts, INTERVAL '1' MINUTE), COUNT(*) FROM clicks GROUP BY user_id, TUMBLE(ts, INTERVAL '1'"
                + " MINUTE);");
        assertThat(legacy.sinks()).extracting(SinkSpec::tableName).containsExactly("late_clicks", "counts");
        PhysicalPlan session = plan("INSERT INTO counts SELECT /*+ LATE_ROWS('late_clicks') */ user_id, window_start,"
                + " COUNT(*) FROM TABLE(SESSION(TABLE clicks PARTITION BY user_id, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
                + " GROUP BY user_id, window_start, window_end;");
        int late = indexOf(session, LateRowsSpec.class);
        assertThat(session.inputsOf(late)).containsExactly(indexOf(session, SessionWindowAggregateSpec.class));
        assertThat(((LateRowsSpec) session.operators().get(late)).type().names()).endsWith("user_id0", "url", "ts0");
    }

    @Test
    void aHintedInsertInAStatementSet() {
        PhysicalPlan plan = plan("EXECUTE STATEMENT SET BEGIN\n"
                + "INSERT INTO counts SELECT /*+ LATE_ROWS('late_clicks') */" + WINDOW + "\n"
                + "INSERT INTO late_clicks SELECT * FROM clicks;\nEND;");
        assertThat(plan.sinks()).extracting(SinkSpec::id)
                .containsExactly("sink-late_clicks@counts", "sink-counts", "sink-late_clicks");
        assertThat(plan.jobName()).isEqualTo("insert-into_counts,late_clicks");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> failing(String sql) {
        return assertThatThrownBy(() -> plan(sql)).isInstanceOf(SqlException.class);
    }

    @Test
    void errorsPointAtTheHint() {
        failing("INSERT INTO copy SELECT /*+ LATE_ROWS('late_clicks') */ * FROM clicks;")
                .hasMessageStartingWith("set.sql:9:25: LATE_ROWS writes the rows a window aggregation drops as late,"
                        + " but this query has no window aggregation");
        failing("INSERT INTO counts SELECT /*+ LATE_ROWS('nowhere') */" + WINDOW)
                .hasMessageStartingWith("set.sql:9:27: Table 'nowhere' named in LATE_ROWS does not exist.");
        failing("INSERT INTO counts SELECT /*+ LATE_ROWS('late_clicks'), LATE_ROWS('late_wide') */" + WINDOW)
                .hasMessageStartingWith("set.sql:9:55: A query takes one LATE_ROWS hint (the first is at 9:27)");
        failing("INSERT INTO counts SELECT /*+ LATE_ROWS() */" + WINDOW)
                .hasMessageStartingWith("set.sql:9:27: LATE_ROWS takes one table name");
        failing("INSERT INTO counts SELECT /*+ LATE_ROWS('late_short') */" + WINDOW)
                .hasMessageStartingWith("set.sql:9:27: LATE_ROWS('late_short') writes the rows of the window's input, "
                        + "[user_id, url, ts], into 'late_short' as INSERT INTO late_short SELECT * would: Column count "
                        + "mismatch");
        failing("CREATE VIEW per_minute AS SELECT user_id, window_start AS ws, window_time AS wt, COUNT(*) AS n FROM TABLE("
                + "TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY user_id, window_start, window_end,"
                + " window_time;\nINSERT INTO counts SELECT /*+ LATE_ROWS('late_clicks') */ user_id, window_start, SUM(n)"
                + " FROM TABLE(TUMBLE(TABLE per_minute, DESCRIPTOR(wt), INTERVAL '1' HOUR))"
                + " GROUP BY user_id, window_start, window_end;")
                .hasMessageContaining("LATE_ROWS supports a query with exactly one window aggregation, whose late rows"
                        + " it writes; this query has 2");
    }

    @Test
    void aViewCannotCarryTheHint() {
        failing("CREATE VIEW v AS SELECT /*+ LATE_ROWS('late_clicks') */" + WINDOW)
                .hasMessageStartingWith("set.sql:9:25: LATE_ROWS belongs on the query that runs the window aggregation");
    }

    @Test
    void otherHintsAreStillIgnored() {
        PhysicalPlan plan = plan("INSERT INTO copy SELECT /*+ OPTIONS('k'='v') */ * FROM clicks;");
        assertThat(plan.sinks()).hasSize(1);
        assertThat(List.of(plan.sink().tableName())).containsExactly("copy");
    }
}

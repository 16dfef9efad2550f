package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.config.Configuration;
import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.executor.plan.WatermarkAssignerSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.SqlException;
import dev.weir.parser.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlSessionTest {
    private static final String DDL = "CREATE TABLE src (\n"
            + "  id BIGINT NOT NULL,\n"
            + "  name STRING,\n"
            + "  ts TIMESTAMP(3),\n"
            + "  up AS UPPER(name),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND,\n"
            + "  PRIMARY KEY (id) NOT ENFORCED\n"
            + ") WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
            + "CREATE TABLE counts (name STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), n BIGINT)\n"
            + "  WITH ('connector' = 'blackhole');\n";

    private final SqlSession session = new SqlSession(Configuration.empty());

    private List<StatementResult> run(String sql) {
        Script script = new Script("s.sql", sql);
        List<StatementResult> results = new ArrayList<>();
        for (Statement s : ScriptParser.parse(script)) {
            results.add(session.execute(s, script));
        }
        return results;
    }

    private StatementResult last(String sql) {
        List<StatementResult> all = run(sql);
        return all.get(all.size() - 1);
    }

    @Test
    void ddlAndSessionMessagesAreFlinks() {
        assertThat(run(DDL)).containsOnly(new StatementResult.Ok("[INFO] Execute statement succeeded."));
        assertThat(last("SET 'pipeline.name' = 'job';"))
                .isEqualTo(new StatementResult.Ok("[INFO] Session property has been set."));
        assertThat(session.configuration().getString("pipeline.name")).isEqualTo("job");
        assertThat(last("SET;")).isEqualTo(new StatementResult.Table(List.of("key", "value"),
                List.of(List.of("pipeline.name", "job"))));
        assertThat(last("RESET 'pipeline.name';"))
                .isEqualTo(new StatementResult.Ok("[INFO] Session property has been reset."));
        assertThat(session.configuration().getString("pipeline.name")).isNull();
        assertThat(last("RESET;")).isEqualTo(
                new StatementResult.Ok("[INFO] All session properties have been set to their default values."));
    }

    @Test
    void resetRestoresTheInitialValue() {
        SqlSession s = new SqlSession(Configuration.of(Map.of("parallelism.default", "2")));
        Script script = new Script("s.sql", "SET 'parallelism.default' = '4'; RESET 'parallelism.default';");
        for (Statement st : ScriptParser.parse(script)) {
            s.execute(st, script);
        }
        assertThat(s.configuration().getString("parallelism.default")).isEqualTo("2");
    }

    @Test
    void showTablesAndDescribe() {
        run(DDL + "CREATE VIEW v AS SELECT id, up FROM src;");
        assertThat(last("SHOW TABLES;")).isEqualTo(new StatementResult.Table(List.of("table name"),
                List.of(List.of("counts"), List.of("src"), List.of("v"))));
        assertThat(last("DESCRIBE src;")).isEqualTo(new StatementResult.Table(
                List.of("name", "type", "null", "key", "extras", "watermark"),
                List.of(List.of("id", "BIGINT", "FALSE", "PRI(id)", "", ""),
                        List.of("name", "STRING", "TRUE", "", "", ""),
                        List.of("ts", "TIMESTAMP(3) *ROWTIME*", "TRUE", "", "", "ts - INTERVAL '1' SECOND"),
                        List.of("up", "STRING", "TRUE", "", "AS UPPER(name)", ""))));
        assertThat(last("DESCRIBE v;")).isEqualTo(new StatementResult.Table(
                List.of("name", "type", "null", "key", "extras", "watermark"),
                List.of(List.of("id", "BIGINT", "FALSE", "", "", ""), List.of("up", "STRING", "TRUE", "", "", ""))));
    }

    @Test
    void ifExistsAndIfNotExists() {
        run(DDL);
        assertThat(last("CREATE TABLE IF NOT EXISTS src (x INT) WITH ('connector' = 'blackhole');"))
                .isEqualTo(new StatementResult.Ok("[INFO] Execute statement succeeded."));
        assertThat(last("DROP TABLE IF EXISTS nope;"))
                .isEqualTo(new StatementResult.Ok("[INFO] Execute statement succeeded."));
        run("DROP TABLE src;");
        assertThat(session.catalog().table("src")).isEmpty();
        assertThatThrownBy(() -> run("DROP TABLE src;")).isInstanceOf(SqlException.class)
                .hasMessageContaining("Table with identifier 'src' does not exist.");
    }

    @Test
    void insertPlansSourceWatermarkWindowAndSink() {
        StatementResult r = last(DDL + "INSERT INTO counts SELECT name, window_start, window_end, COUNT(*)\n"
                + "FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '10' SECOND))\n"
                + "GROUP BY name, window_start, window_end;");
        assertThat(r).isInstanceOf(StatementResult.RunJob.class);
        PhysicalPlan plan = ((StatementResult.RunJob) r).plan();
        assertThat(plan.jobName()).isEqualTo("insert-into_counts");
        List<Class<?>> kinds = new ArrayList<>();
        for (OperatorSpec op : plan.operators()) {
            kinds.add(op.getClass());
        }
        assertThat(kinds).containsExactly(SourceSpec.class, CalcSpec.class, WatermarkAssignerSpec.class,
                CalcSpec.class, WindowAggregateSpec.class, SinkSpec.class);
        assertThat(plan.source().id()).isEqualTo("source-src");
        assertThat(plan.source().outputType().names()).containsExactly("id", "name", "ts");
        assertThat(plan.sink().id()).isEqualTo("sink-counts");
        WindowAggregateSpec agg = (WindowAggregateSpec) plan.operators().get(4);
        assertThat(agg.id()).matches("window-agg-[0-9a-f]{8}");
        assertThat(agg.sizeMillis()).isEqualTo(10_000L);
        assertThat(agg.keyIndices()).containsExactly(0);
        WatermarkAssignerSpec wm = (WatermarkAssignerSpec) plan.operators().get(2);
        assertThat(wm.rowtimeIndex()).isEqualTo(2);
    }

    @Test
    void operatorIdsAreStableAcrossSessions() {
        String sql = DDL + "INSERT INTO counts SELECT name, window_start, window_end, COUNT(*)\n"
                + "FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '10' SECOND))\n"
                + "GROUP BY name, window_start, window_end;";
        PhysicalPlan first = ((StatementResult.RunJob) last(sql)).plan();
        PhysicalPlan second = ((StatementResult.RunJob) new SqlSessionTest().last(sql)).plan();
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        first.operators().forEach(o -> a.add(o.id()));
        second.operators().forEach(o -> b.add(o.id()));
        assertThat(a).isEqualTo(b).doesNotHaveDuplicates();
    }

    @Test
    void bareSelectGoesToTheCollectPrintSink() {
        run(DDL + "SET 'pipeline.name' = 'peek';");
        PhysicalPlan plan = ((StatementResult.RunJob) last("SELECT id, up FROM src WHERE id > 3;")).plan();
        assertThat(plan.jobName()).isEqualTo("peek");
        assertThat(plan.sink().tableName()).isEqualTo("collect");
        assertThat(plan.sink().options()).isEqualTo(Map.of("connector", "print"));
        assertThat(plan.sink().outputType().names()).containsExactly("id", "up");
    }

    @Test
    void viewsExpandIntoTheQuery() {
        run(DDL + "CREATE TABLE names (name STRING) WITH ('connector' = 'blackhole');\n"
                + "CREATE VIEW shouting AS SELECT up FROM src WHERE id > 1;");
        PhysicalPlan plan = ((StatementResult.RunJob) last("INSERT INTO names SELECT up FROM shouting;")).plan();
        assertThat(plan.source().tableName()).isEqualTo("src");
        assertThat(plan.sink().tableName()).isEqualTo("names");
    }

    @Test
    void windowOverAViewKeepsTheTimeAttribute() {
        run(DDL + "CREATE VIEW tv AS SELECT name, ts FROM src WHERE id > 0;");
        PhysicalPlan plan = ((StatementResult.RunJob) last("INSERT INTO counts SELECT name, window_start, window_end, "
                + "COUNT(*) FROM TABLE(TUMBLE(TABLE tv, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) "
                + "GROUP BY name, window_start, window_end;")).plan();
        assertThat(plan.operators()).anyMatch(o -> o instanceof WindowAggregateSpec);
    }

    @Test
    void insertWithColumnListFillsTheRestWithNull() {
        run(DDL);
        PhysicalPlan plan = ((StatementResult.RunJob) last("INSERT INTO counts (n, name) SELECT id, name FROM src;"))
                .plan();
        CalcSpec calc = (CalcSpec) plan.operators().get(plan.operators().size() - 2);
        assertThat(calc.outputType().names()).containsExactly("name", "window_start", "window_end", "n");
        assertThat(calc.projectionTexts().get(1)).containsIgnoringCase("null");
    }

    @Test
    void executeWithoutScriptStillPositionsErrors() {
        Script script = new Script("x.sql", "DROP TABLE missing;");
        Statement drop = ScriptParser.parse(script).get(0);
        assertThatThrownBy(() -> session.execute(drop)).isInstanceOf(SqlException.class)
                .hasMessageContaining(":1:1: Table with identifier 'missing' does not exist.");
    }
}

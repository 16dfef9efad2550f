package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.config.Configuration;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.SqlException;
import dev.weir.parser.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EXECUTE STATEMENT SET and BEGIN STATEMENT SET … END: INSERTs merged into one job. */
class StatementSetPlanningTest {
    static final String DDL = "CREATE TABLE clicks (user_id STRING, url STRING, ts TIMESTAMP(3),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
            + "CREATE TABLE counts (user_id STRING, ws TIMESTAMP(3), n BIGINT) WITH ('connector' = 'blackhole');\n"
            + "CREATE TABLE copy (user_id STRING, url STRING, ts TIMESTAMP(3)) WITH ('connector' = 'blackhole');\n"
            + "CREATE TABLE urls (url STRING) WITH ('connector' = 'blackhole');\n";
    static final String COUNTS = "INSERT INTO counts SELECT user_id, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks,"
            + " DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY user_id, window_start, window_end;\n";
    static final String COPY = "INSERT INTO copy SELECT * FROM clicks;\n";
    static final String URLS = "INSERT INTO urls SELECT url FROM clicks WHERE url IS NOT NULL;\n";

    /** Runs the script in a fresh session and returns the last statement's result. */
    static StatementResult last(Configuration config, String sql) {
        return PlanningSessions.last(config, "set.sql", sql);
    }

    static PhysicalPlan plan(String sql) {
        StatementResult result = last(Configuration.empty(), DDL + sql);
        assertThat(result).isInstanceOf(StatementResult.RunJob.class);
        return ((StatementResult.RunJob) result).plan();
    }

    private static List<String> ids(PhysicalPlan plan) {
        List<String> ids = new ArrayList<>();
        for (OperatorSpec op : plan.operators()) {
            ids.add(op.id());
        }
        return ids;
    }

    private static List<String> idsWithSuffix(PhysicalPlan plan, String suffix) {
        List<String> ids = new ArrayList<>();
        for (String id : ids(plan)) {
            if (id.endsWith(suffix)) {
                ids.add(id);
            }
        }
        return ids;
    }

    @Test
    void everyInsertGetsItsOwnSinkInOneJob() {
        PhysicalPlan plan = plan("EXECUTE STATEMENT SET BEGIN\n" + COUNTS + COPY + "END;");
        assertThat(plan.jobName()).isEqualTo("insert-into_counts,copy");
        assertThat(plan.sinks()).extracting(SinkSpec::tableName).containsExactly("counts", "copy");
        assertThat(plan.sinks()).extracting(SinkSpec::id).containsExactly("sink-counts", "sink-copy");
        assertThat(plan.operators()).filteredOn(op -> op instanceof SourceSpec).extracting(OperatorSpec::id)
                .containsExactly("source-clicks@counts", "source-clicks@copy");
        assertThat(ids(plan)).doesNotHaveDuplicates();
        assertThat(plan.explain()).startsWith("Sink(table=[counts]").contains("\nSink(table=[copy]");
    }

    @Test
    void anInsertsIdsAreItsPlainIdsWithItsTableAndDoNotDependOnTheOtherInserts() {
        List<String> plain = ids(plan(COUNTS));
        List<String> withCopy = idsWithSuffix(plan("EXECUTE STATEMENT SET BEGIN\n" + COUNTS + COPY + "END;"), "@counts");
        List<String> withUrls = idsWithSuffix(plan("EXECUTE STATEMENT SET BEGIN\n" + URLS + COUNTS + "END;"), "@counts");
        assertThat(withCopy).isEqualTo(withUrls).hasSize(plain.size() - 1);
        List<String> expected = new ArrayList<>();
        for (String id : plain.subList(0, plain.size() - 1)) {
            expected.add(id + "@counts");
        }
        assertThat(withCopy).isEqualTo(expected);
    }

    @Test
    void operatorsOfEveryKindAreRenamedUnchanged() {
        String ddl = "CREATE TABLE users (user_id STRING, name STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '5');\n"
                + "CREATE TABLE named (name STRING, url STRING) WITH ('connector' = 'blackhole');\n"
                + "CREATE TABLE per_user (user_id STRING, n BIGINT) WITH ('connector' = 'print');\n"
                + "CREATE TABLE firsts (user_id STRING, url STRING) WITH ('connector' = 'print');\n"
                + "CREATE TABLE both_urls (url STRING) WITH ('connector' = 'blackhole');\n";
        String inserts = "INSERT INTO named SELECT u.name, c.url FROM clicks AS c JOIN users AS u ON c.user_id = u.user_id;\n"
                + "INSERT INTO per_user SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id;\n"
                + "INSERT INTO firsts SELECT user_id, url FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts)"
                + " AS rn FROM clicks) WHERE rn = 1;\n"
                + "INSERT INTO both_urls SELECT url FROM clicks UNION ALL SELECT name FROM users;\n";
        PhysicalPlan set = plan(ddl + "EXECUTE STATEMENT SET BEGIN\n" + inserts + "END;");
        List<OperatorSpec> alone = new ArrayList<>();
        for (String insert : inserts.split("\n")) {
            alone.addAll(plan(ddl + insert).operators());
        }
        assertThat(set.operators()).hasSameSizeAs(alone);
        for (int i = 0; i < alone.size(); i++) {
            OperatorSpec renamed = set.operators().get(i);
            assertThat(renamed.getClass()).isEqualTo(alone.get(i).getClass());
            assertThat(renamed.describe()).isEqualTo(alone.get(i).describe());
            assertThat(renamed.outputType()).isEqualTo(alone.get(i).outputType());
            assertThat(renamed.id()).startsWith(alone.get(i).id());
        }
        assertThat(set.explain()).contains("Join(", "GroupAggregate(", "Deduplicate(", "Union(");
    }

    @Test
    void withSourceReuseIdenticalScansAreReadOnce() {
        StatementResult result = last(Configuration.empty(), DDL + "SET 'table.optimizer.reuse-source-enabled' = 'true';\n"
                + "EXECUTE STATEMENT SET BEGIN\n" + COUNTS + COPY + URLS + "END;");
        PhysicalPlan plan = ((StatementResult.RunJob) result).plan();
        assertThat(plan.operators()).filteredOn(op -> op instanceof SourceSpec).extracting(OperatorSpec::id)
                .containsExactly("source-clicks@counts");
        int watermark = -1;
        for (int i = 0; i < plan.operators().size(); i++) {
            if (plan.operators().get(i) instanceof dev.weir.executor.plan.WatermarkAssignerSpec) {
                assertThat(watermark).as("one watermark assigner").isEqualTo(-1);
                watermark = i;
            }
        }
        // the watermark assigner feeds the window's Calc and the two other INSERTs
        assertThat(plan.consumersOf(watermark)).hasSize(3);
        assertThat(plan.sinks()).extracting(SinkSpec::tableName).containsExactly("counts", "copy", "urls");
        // without the option every INSERT reads its own source
        assertThat(plan("EXECUTE STATEMENT SET BEGIN\n" + COUNTS + COPY + URLS + "END;").operators())
                .filteredOn(op -> op instanceof SourceSpec).hasSize(3);
    }

    @Test
    void twoInsertsIntoOneTableAreKeptApart() {
        PhysicalPlan plan = plan("EXECUTE STATEMENT SET BEGIN\n" + COPY + COPY + "END;");
        assertThat(plan.jobName()).isEqualTo("insert-into_copy");
        assertThat(plan.sinks()).extracting(SinkSpec::id).containsExactly("sink-copy", "sink-copy#2");
        assertThat(ids(plan)).contains("source-clicks@copy", "source-clicks@copy#2").doesNotHaveDuplicates();
    }

    @Test
    void pipelineNameNamesTheJob() {
        StatementResult result = last(Configuration.empty(), DDL + "SET 'pipeline.name' = 'both';\n"
                + "BEGIN STATEMENT SET;\n" + COPY + URLS + "END;");
        assertThat(((StatementResult.RunJob) result).plan().jobName()).isEqualTo("both");
    }

    @Test
    void theSessionCollectsInsertsBetweenBeginAndEnd() {
        SqlSession session = new SqlSession(Configuration.empty());
        Script ddl = new Script("ddl.sql", DDL);
        for (Statement s : ScriptParser.parse(ddl)) {
            session.execute(s, ddl);
        }
        assertThat(run(session, "BEGIN STATEMENT SET;")).isEqualTo(new StatementResult.Ok(SqlSession.BEGIN_SET));
        assertThat(session.inStatementSet()).isTrue();
        assertThat(run(session, COPY)).isEqualTo(new StatementResult.Ok(SqlSession.ADD_TO_SET));
        // a refused INSERT is reported at once, with its place, and leaves the set open
        assertThatThrownBy(() -> run(session, "INSERT INTO copy SELECT nope FROM clicks;"))
                .isInstanceOf(SqlException.class).hasMessageContaining("<shell>:1:25: Column 'nope' not found");
        assertThatThrownBy(() -> run(session, "SHOW TABLES;")).isInstanceOf(SqlException.class)
                .hasMessageStartingWith("<shell>:1:1: Only INSERT INTO statements can be added to the open statement "
                        + "set (BEGIN STATEMENT SET, 1 INSERT so far). End it with END;");
        assertThat(run(session, URLS)).isEqualTo(new StatementResult.Ok(SqlSession.ADD_TO_SET));
        StatementResult end = run(session, "END;");
        assertThat(session.inStatementSet()).isFalse();
        assertThat(((StatementResult.RunJob) end).plan().sinks()).extracting(SinkSpec::tableName)
                .containsExactly("copy", "urls");

        assertThatThrownBy(() -> run(session, "END;")).isInstanceOf(SqlException.class)
                .hasMessageStartingWith("<shell>:1:1: END without BEGIN STATEMENT SET");
        run(session, "BEGIN STATEMENT SET;");
        assertThat(run(session, "END;")).isEqualTo(new StatementResult.Ok(SqlSession.EMPTY_SET));
    }

    private static StatementResult run(SqlSession session, String sql) {
        Script script = new Script("<shell>", sql);
        List<Statement> statements = ScriptParser.parseInteractive(script);
        assertThat(statements).hasSize(1);
        return session.execute(statements.get(0), script);
    }

    @Test
    void aBadInsertInASetPointsAtItself() {
        assertThatThrownBy(() -> last(Configuration.empty(), DDL + "EXECUTE STATEMENT SET BEGIN\n" + COPY
                + "INSERT INTO nowhere SELECT * FROM clicks;\nEND;"))
                .isInstanceOf(SqlException.class)
                .hasMessageStartingWith("set.sql:8:13: Table with identifier 'nowhere' does not exist.");
    }

    @Test
    void explainShowsTheWholeSet() {
        StatementResult result = last(Configuration.empty(), DDL + "EXPLAIN STATEMENT SET BEGIN\n" + COPY + URLS + "END;");
        String text = ((StatementResult.Text) result).text();
        assertThat(text).contains("== Abstract Syntax Tree ==\nLogicalSink(table=[copy]")
                .contains("\n\nLogicalSink(table=[urls]")
                .contains("== Physical Plan ==\nSink(table=[copy]")
                .contains("\nSink(table=[urls], connector=[blackhole], fields=[url])");
    }
}

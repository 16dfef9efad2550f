package dev.weir.planner.physical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.config.Configuration;
import dev.weir.executor.operators.Operators;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import dev.weir.planner.SqlSession;
import dev.weir.planner.StatementResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stateful operator ids depend on what the operator computes over the source table, not on the query's text. */
class OperatorIdStabilityTest {
    private static final String DDL = "CREATE TABLE src (\n"
            + "  k STRING, v BIGINT, ts TIMESTAMP(3),\n"
            + "  up AS UPPER(k), dbl AS v * 2,\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND\n"
            + ") WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
            + "CREATE TABLE s1 (k STRING, ws TIMESTAMP(3), n BIGINT) WITH ('connector' = 'blackhole');\n"
            + "CREATE TABLE s2 (k STRING, ws TIMESTAMP(3), n BIGINT, u STRING) WITH ('connector' = 'blackhole');\n"
            + "CREATE TABLE s3 (k STRING, ws TIMESTAMP(3), n BIGINT, s BIGINT) WITH ('connector' = 'blackhole');\n";
    private static final String WINDOW = " FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
            + " GROUP BY k, window_start, window_end;";

    private static List<String> statefulIds(String insert) {
        SqlSession session = new SqlSession(Configuration.empty());
        Script script = new Script("q.sql", DDL + insert);
        StatementResult last = null;
        for (Statement s : ScriptParser.parse(script)) {
            last = session.execute(s, script);
        }
        assertThat(last).isInstanceOf(StatementResult.RunJob.class);
        PhysicalPlan plan = ((StatementResult.RunJob) last).plan();
        List<String> ids = new ArrayList<>();
        for (OperatorSpec spec : plan.operators()) {
            // the source's id is its table's name and the sink's position is not operator state
            if (Operators.isStateful(spec) && !(spec instanceof SourceSpec) && !(spec instanceof SinkSpec)) {
                ids.add(spec.id());
            }
        }
        return ids;
    }

    @Test
    void aColumnComputedAfterTheAggregateOrAnotherSinkKeepsTheIds() {
        List<String> base = statefulIds("INSERT INTO s1 SELECT k, window_start, COUNT(*)" + WINDOW);
        assertThat(base).anyMatch(id -> id.startsWith("window-agg-")).anyMatch(id -> id.startsWith("watermark-"));
        assertThat(statefulIds("INSERT INTO s2 SELECT k, window_start, COUNT(*), LOWER(k)" + WINDOW))
                .isEqualTo(base);
        assertThat(statefulIds("INSERT INTO s2 SELECT k, window_start, COUNT(*), 'x'" + WINDOW)).isEqualTo(base);
    }

    @Test
    void renamingAnAggregateKeepsTheIds() {
        List<String> window = statefulIds("INSERT INTO s1 SELECT k, window_start, COUNT(*)" + WINDOW);
        assertThat(statefulIds("INSERT INTO s1 SELECT k, window_start, COUNT(*) AS clicks" + WINDOW))
                .isEqualTo(window);
        List<String> grouped = statefulIds("INSERT INTO s3 SELECT k, CAST(NULL AS TIMESTAMP(3)), COUNT(*), SUM(v)"
                + " FROM src GROUP BY k;");
        assertThat(grouped).anyMatch(id -> id.startsWith("group-agg-"));
        assertThat(statefulIds("INSERT INTO s3 SELECT k, CAST(NULL AS TIMESTAMP(3)), n, total FROM"
                + " (SELECT k, COUNT(*) AS n, SUM(v) AS total FROM src GROUP BY k);")).isEqualTo(grouped);
    }

    @Test
    void readingAnotherComputedColumnElsewhereKeepsTheIds() {
        // The scan computes only the computed columns the query reads; that must not leak into the ids.
        List<String> base = statefulIds("INSERT INTO s2 SELECT k, window_start, COUNT(*), 'x'" + WINDOW);
        List<String> withUp = statefulIds("INSERT INTO s2 SELECT up, window_start, COUNT(*), 'x'"
                + " FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
                + " GROUP BY up, window_start, window_end;");
        assertThat(withUp.get(0)).as("watermark").isEqualTo(base.get(0));
        assertThat(withUp.get(1)).as("a different key is a different aggregate").isNotEqualTo(base.get(1));
    }

    @Test
    void aChangedKeyArgumentOrWindowChangesTheAggregateId() {
        String base = statefulIds("INSERT INTO s3 SELECT k, window_start, COUNT(*), SUM(v)" + WINDOW).get(1);
        assertThat(statefulIds("INSERT INTO s3 SELECT k, window_start, COUNT(*), SUM(dbl)" + WINDOW).get(1))
                .isNotEqualTo(base);
        assertThat(statefulIds("INSERT INTO s3 SELECT UPPER(k), window_start, COUNT(*), SUM(v)"
                + " FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
                + " GROUP BY UPPER(k), window_start, window_end;").get(1)).isNotEqualTo(base);
        assertThat(statefulIds("INSERT INTO s3 SELECT k, window_start, COUNT(*), SUM(v)"
                + " FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '2' MINUTE))"
                + " GROUP BY k, window_start, window_end;").get(1)).isNotEqualTo(base);
        assertThat(statefulIds("INSERT INTO s3 SELECT k, window_start, COUNT(*), SUM(v)"
                + " FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) WHERE v > 3"
                + " GROUP BY k, window_start, window_end;").get(1)).as("a filter changes what is counted")
                .isNotEqualTo(base);
    }

    @Test
    void aStateTtlKeepsTheIdsOfJoinsAndAggregates() {
        String join = "INSERT INTO s3 SELECT a.k, a.ts, a.v, b.v FROM src AS a JOIN src AS b ON a.k = b.k;";
        String grouped = "INSERT INTO s3 SELECT k, CAST(NULL AS TIMESTAMP(3)), COUNT(*), SUM(v) FROM src GROUP BY k;";
        List<String> joinIds = statefulIds(join);
        assertThat(joinIds).anyMatch(id -> id.startsWith("join-"));
        assertThat(statefulIds("SET 'table.exec.state.ttl' = '1 h';\n" + join)).isEqualTo(joinIds);
        assertThat(statefulIds("SET 'table.exec.state.ttl' = '1 h';\n" + grouped)).isEqualTo(statefulIds(grouped));
    }
}

package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.plan.DeduplicateSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.RankSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Top-N over an updating input is Flink's retracting Top-N (RetractStrategy), also for rn = 1 on the
 * rowtime of a changelog; over an insert-only input the plan stays the append-only Top-N.
 */
class TopNOverUpdatingPlanningTest {
    private static final String TABLES = "CREATE TABLE t (cat STRING, item STRING, ts TIMESTAMP(3),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
            + "CREATE TABLE cdc (id INT, cat STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH (\n"
            + "  'connector' = 'filesystem', 'path' = '/tmp/never-read', 'format' = 'debezium-json');\n"
            + "CREATE TABLE appends (cat STRING, item STRING, cnt BIGINT) WITH ('connector' = 'filesystem',"
            + " 'path' = '/tmp/never-written', 'format' = 'csv');\n";
    private static final String COUNTS = "(SELECT cat, item, COUNT(*) AS cnt FROM t GROUP BY cat, item)";

    private static List<OperatorSpec> operators(String sql) {
        return PlanningSessions.operators(TABLES + sql);
    }

    @Test
    void topNOverAGroupByIsTheRetractingTopNWithTheRankWhenSelected() {
        RankSpec rank = PlanningSessions.first(operators("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY cat "
                + "ORDER BY cnt DESC) AS rn FROM " + COUNTS + ") WHERE rn <= 3;"), RankSpec.class);
        assertThat(rank.updatingInput()).isTrue();
        assertThat(rank.outputRank()).isTrue();
        assertThat(rank.limit()).isEqualTo(3);
        assertThat(rank.describe()).startsWith("Rank(strategy=[RetractStrategy], rankType=[ROW_NUMBER]")
                .endsWith("changelog=[I,UB,UA,D])");
        assertThat(rank.stateDescription()).contains("every input row");
    }

    @Test
    void itsResultUpdatesSoAnAppendOnlySinkRefusesIt() {
        assertThatThrownBy(() -> operators("INSERT INTO appends SELECT cat, item, cnt FROM (SELECT *, ROW_NUMBER() "
                + "OVER (PARTITION BY cat ORDER BY cnt DESC) AS rn FROM " + COUNTS + ") WHERE rn <= 3;"))
                .hasMessageContaining("appends")
                .hasMessageContaining("Rank(strategy=[RetractStrategy]");
    }

    @Test
    void rowNumberOneOnTheRowtimeOfAChangelogIsTheRetractingTopOne() {
        List<OperatorSpec> ops = operators("SELECT id, cat FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY cat "
                + "ORDER BY ts DESC) AS rn FROM cdc) WHERE rn = 1;");
        assertThat(ops).noneMatch(DeduplicateSpec.class::isInstance);
        RankSpec rank = PlanningSessions.first(ops, RankSpec.class);
        assertThat(rank.updatingInput()).isTrue();
        assertThat(rank.limit()).isEqualTo(1);
        assertThat(rank.outputRank()).isFalse();
    }

    @Test
    void rowNumberEqualToNAboveOneKeepsOnlyThatRankThroughAFilterOnIt() {
        List<OperatorSpec> ops = operators("SELECT cat, item FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY cat "
                + "ORDER BY cnt DESC) AS rn FROM " + COUNTS + ") WHERE rn = 2;");
        RankSpec rank = PlanningSessions.first(ops, RankSpec.class);
        assertThat(rank.limit()).isEqualTo(2);
        assertThat(rank.outputRank()).isTrue(); // read by the filter even though not selected
        CalcSpec after = (CalcSpec) ops.get(ops.indexOf(rank) + 1);
        assertThat(after.describe()).contains("where=[=(w0$o0, 2");
        assertThat(after.outputType().names()).containsExactly("cat", "item");
    }

    @Test
    void overAnInsertOnlyInputThePlanIsUnchanged() {
        List<OperatorSpec> ops = operators("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY cat "
                + "ORDER BY item) AS rn FROM t) WHERE rn <= 2;");
        RankSpec rank = PlanningSessions.first(ops, RankSpec.class);
        assertThat(rank.updatingInput()).isFalse();
        assertThat(rank.describe()).startsWith("Rank(rankType=[ROW_NUMBER]");
        assertThat(operators("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY cat ORDER BY ts) AS rn "
                + "FROM t) WHERE rn = 1;")).anyMatch(DeduplicateSpec.class::isInstance);
    }
}

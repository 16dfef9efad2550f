package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.plan.LimitSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.RankSpec;
import dev.weir.executor.plan.TemporalSortSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ORDER BY and LIMIT on streams, as Flink plans them: a temporal sort for ORDER BY the rowtime
 * first, a global Top-N for ORDER BY ... LIMIT, the first rows for LIMIT alone, and Flink's refusal
 * of any other ORDER BY.
 */
class SortAndLimitPlanningTest {
    private static final String TABLES = "CREATE TABLE t (k STRING, v INT, ts TIMESTAMP(3),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
            + "CREATE TABLE appends (k STRING, v INT) WITH ('connector' = 'filesystem', 'path' = '/tmp/never-written',"
            + " 'format' = 'csv');\n"
            + "CREATE TABLE appends_ts (k STRING, v INT, ts TIMESTAMP(3)) WITH ('connector' = 'blackhole');\n";

    private static List<OperatorSpec> operators(String sql) {
        return PlanningSessions.operators(TABLES + sql);
    }

    private static <T extends OperatorSpec> T spec(List<OperatorSpec> ops, Class<T> type) {
        return PlanningSessions.first(ops, type);
    }

    @Test
    void orderByTheRowtimeFirstIsATemporalSortWithTheFurtherKeysIntoAnAppendOnlySink() {
        List<OperatorSpec> ops = operators("INSERT INTO appends_ts SELECT k, v, ts FROM t ORDER BY ts, v DESC, k;");
        TemporalSortSpec sort = spec(ops, TemporalSortSpec.class);
        assertThat(sort.outputType().field(sort.timeIndex()).name()).isEqualTo("ts");
        assertThat(sort.order().size()).isEqualTo(2);
        assertThat(sort.outputType().field(sort.order().index(0)).name()).isEqualTo("v");
        assertThat(sort.order().descending()).containsExactly(true, false);
        assertThat(sort.order().nullsFirst()).containsExactly(false, true); // Flink: NULLS LAST DESC, FIRST ASC
        assertThat(sort.keyIndices()).isEmpty();
        assertThat(sort.id()).startsWith("temporal-sort-");
        assertThat(sort.describe()).isEqualTo("TemporalSort(orderBy=[ts ASC, v DESC NULLS LAST, k ASC NULLS FIRST])");
        assertThat(sort.stateDescription()).contains("watermark");
    }

    @Test
    void orderByLimitIsAGlobalTopNWithoutPartitionWhoseResultUpdates() {
        List<OperatorSpec> ops = operators("SELECT k, v FROM t ORDER BY v DESC LIMIT 3;");
        RankSpec rank = spec(ops, RankSpec.class);
        assertThat(rank.keyIndices()).isEmpty();
        assertThat(rank.limit()).isEqualTo(3);
        assertThat(rank.outputRank()).isFalse();
        assertThat(rank.order().descending()).containsExactly(true);
        assertThat(rank.id()).startsWith("rank-");
        assertThatThrownBy(() -> operators("INSERT INTO appends SELECT k, v FROM t ORDER BY v DESC LIMIT 3;"))
                .hasMessageContaining("Rank(")
                .hasMessageContaining("appends");
    }

    @Test
    void fetchFirstAndOffsetRankPastTheOffsetAndFilterItOut() {
        List<OperatorSpec> ops = operators("SELECT k, v FROM t ORDER BY v OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY;");
        RankSpec rank = spec(ops, RankSpec.class);
        assertThat(rank.limit()).isEqualTo(5);
        assertThat(rank.outputRank()).isTrue();
        CalcSpec after = (CalcSpec) ops.get(ops.indexOf(rank) + 1);
        assertThat(after.describe()).contains("where=[>(w0$o0, 2");
        assertThat(after.outputType().names()).containsExactly("k", "v");
    }

    @Test
    void limitWithoutOrderByKeepsTheFirstRowsAndGoesIntoAnAppendOnlySink() {
        List<OperatorSpec> ops = operators("INSERT INTO appends SELECT k, v FROM t LIMIT 4;");
        LimitSpec limit = spec(ops, LimitSpec.class);
        assertThat(ops).noneMatch(RankSpec.class::isInstance);
        assertThat(limit.keyIndices()).isEmpty();
        assertThat(limit.describe()).isEqualTo("Limit(offset=[0], fetch=[4])");
        assertThat(limit.id()).startsWith("limit-");
        assertThat(limit.asRank().limit()).isEqualTo(4);
        assertThat(limit.asRank().order().isEmpty()).isTrue();
        List<OperatorSpec> skipping = operators("INSERT INTO appends SELECT k, v FROM t LIMIT 4 OFFSET 2;");
        LimitSpec skip = spec(skipping, LimitSpec.class);
        assertThat(skip.asRank().limit()).isEqualTo(6);
        assertThat(skip.asRank().outputRank()).isTrue();
        assertThat(skipping.get(skipping.indexOf(skip) + 1).describe()).contains("where=[>(w0$o0, 2");
    }

    @Test
    void orderByANonTimeColumnWithoutLimitIsRefusedAsFlinkDoes() {
        assertThatThrownBy(() -> operators("SELECT k, v FROM t ORDER BY v;"))
                .hasMessageContaining("ORDER BY v without LIMIT: sort on a non-time-attribute field is not supported")
                .hasMessageContaining("add a LIMIT");
        assertThatThrownBy(() -> operators("SELECT k, v FROM t ORDER BY ts DESC;"))
                .hasMessageContaining("ORDER BY ts DESC without LIMIT")
                .hasMessageContaining("(here: 'ts')");
    }

    @Test
    void offsetWithoutLimitAndLimitWithoutOrderOverAnUpdatingInputAreRefused() {
        assertThatThrownBy(() -> operators("SELECT k, v FROM t ORDER BY ts OFFSET 2 ROWS;"))
                .hasMessageContaining("OFFSET without LIMIT");
        assertThatThrownBy(() -> operators("SELECT k, COUNT(*) FROM t GROUP BY k LIMIT 2;"))
                .hasMessageContaining("LIMIT without ORDER BY over an updating input (produced by GroupAggregate");
    }

    @Test
    void orderByLimitOverAnUpdatingInputIsTheRetractingTopN() {
        RankSpec rank = spec(operators("SELECT k, COUNT(*) FROM t GROUP BY k ORDER BY k LIMIT 2;"), RankSpec.class);
        assertThat(rank.updatingInput()).isTrue();
        assertThat(rank.keyIndices()).isEmpty();
        assertThat(rank.limit()).isEqualTo(2);
    }
}

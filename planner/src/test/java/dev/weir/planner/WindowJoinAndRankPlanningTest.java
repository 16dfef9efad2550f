package dev.weir.planner;

import static dev.weir.planner.PlanningSessions.last;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.executor.plan.JoinSpec;
import dev.weir.executor.plan.JoinType;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.RankSpec;
import dev.weir.executor.plan.WindowJoinSpec;
import dev.weir.executor.plan.WindowRankSpec;
import dev.weir.executor.plan.WindowTableFunctionSpec;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recognition of the window join and of window Top-N / deduplication (Flink's rules: window
 * equalities in the join condition, window_start and window_end in PARTITION BY), their errors, and
 * that their insert-only results go into append-only sinks.
 */
class WindowJoinAndRankPlanningTest {
    private static final String TABLES = "CREATE TABLE l (k STRING, v INT, ts TIMESTAMP(3),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
            + "CREATE TABLE r (k STRING, w INT, ts TIMESTAMP(3),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
            + "CREATE TABLE z (k STRING, epoch_ms BIGINT, ts AS TO_TIMESTAMP_LTZ(epoch_ms, 3),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n";

    @TempDir
    Path tmp;

    private static List<OperatorSpec> operators(String sql) {
        return PlanningSessions.operators(TABLES + sql);
    }

    private static <T extends OperatorSpec> T spec(String sql, Class<T> type) {
        return PlanningSessions.first(operators(sql), type);
    }

    private static String tvf(String table, String window) {
        return "(SELECT * FROM TABLE(" + window.replace("%t", table) + "))";
    }

    private static final String TUMBLE10 = "TUMBLE(TABLE %t, DESCRIPTOR(ts), INTERVAL '10' SECOND)";

    private static String windowJoin(String type, String leftWindow, String rightWindow, String on) {
        return "SELECT L.k, L.v, R.w, L.window_start, L.window_end FROM " + tvf("l", leftWindow) + " L " + type
                + " JOIN " + tvf("r", rightWindow) + " R ON " + on + ";";
    }

    private static final String WINDOW_ON = "L.k = R.k AND L.window_start = R.window_start "
            + "AND L.window_end = R.window_end";

    @Test
    void aJoinOnWindowStartAndEndOfTwoWindowTablesIsAWindowJoinKeyedOnTheOtherEqualities() {
        List<OperatorSpec> ops = operators(windowJoin("LEFT", TUMBLE10, TUMBLE10, WINDOW_ON + " AND L.v < R.w"));
        WindowJoinSpec join = PlanningSessions.first(ops, WindowJoinSpec.class);
        assertThat(ops).noneMatch(JoinSpec.class::isInstance);
        assertThat(ops).filteredOn(WindowTableFunctionSpec.class::isInstance).hasSize(2);
        assertThat(join.joinType()).isEqualTo(JoinType.LEFT);
        assertThat(join.keys().left()).hasSize(1);
        assertThat(join.outputType().field(join.keys().left()[0]).name()).isEqualTo("k");
        assertThat(join.outputType().field(join.leftWindowEnd()).name()).isEqualTo("window_end");
        assertThat(join.conditionText()).contains("v").contains("w");
        assertThat(join.id()).startsWith("window-join-");
        assertThat(join.timeZone()).isNull();
    }

    @Test
    void twoWindowTablesJoinedWithoutWindowEqualitiesStayARegularJoin() {
        assertThat(operators(windowJoin("", TUMBLE10, TUMBLE10, "L.k = R.k"))).anyMatch(JoinSpec.class::isInstance)
                .noneMatch(WindowJoinSpec.class::isInstance);
    }

    @Test
    void aWindowJoinOverWindowAggregationsAndOnLocalTime() {
        String agg = "(SELECT k, window_start, window_end, COUNT(*) AS c FROM TABLE(TUMBLE(TABLE %t, DESCRIPTOR(ts), "
                + "INTERVAL '1' HOUR)) GROUP BY k, window_start, window_end)";
        String sql = "SET 'table.local-time-zone' = 'Asia/Kolkata';\nSELECT L.k, L.c, R.c FROM " + agg.replace("%t", "z")
                + " L JOIN " + agg.replace("%t", "z") + " R ON " + WINDOW_ON + ";";
        WindowJoinSpec join = spec(sql, WindowJoinSpec.class);
        assertThat(join.timeZone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(join.window()).isEqualTo("TUMBLE(size=[3600000 ms])");
    }

    @Test
    void differentWindowsOrAMissingWindowEqualityAreRefusedAsInFlink() {
        String hop = "HOP(TABLE %t, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND)";
        assertThatThrownBy(() -> operators(windowJoin("", TUMBLE10, hop, WINDOW_ON)))
                .isInstanceOf(dev.weir.parser.SqlException.class)
                .hasMessageContaining("same window on both inputs")
                .hasMessageContaining("TUMBLE(size=[10000 ms])")
                .hasMessageContaining("HOP(slide=[5000 ms], size=[10000 ms])");
        String tumble5 = "TUMBLE(TABLE %t, DESCRIPTOR(ts), INTERVAL '5' SECOND)";
        assertThatThrownBy(() -> operators(windowJoin("", TUMBLE10, tumble5, WINDOW_ON)))
                .isInstanceOf(dev.weir.parser.SqlException.class).hasMessageContaining("same window on both inputs");
        assertThatThrownBy(() -> operators(windowJoin("", TUMBLE10, TUMBLE10,
                "L.k = R.k AND L.window_start = R.window_start")))
                .isInstanceOf(dev.weir.parser.SqlException.class)
                .hasMessageContaining("both window_start and window_end")
                .hasMessageContaining("only the window_start equality");
    }

    @Test
    void windowResultsGoIntoAnAppendOnlySink() {
        String sink = "CREATE TABLE out_csv (k STRING, v INT, w INT, window_start TIMESTAMP(3), "
                + "window_end TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '" + tmp.resolve("o")
                + "', 'format' = 'csv');\n";
        assertThat(last(TABLES + sink + "INSERT INTO out_csv " + windowJoin("FULL", TUMBLE10, TUMBLE10, WINDOW_ON)))
                .isInstanceOf(StatementResult.RunJob.class);
        String rankSink = "CREATE TABLE top_csv (k STRING, v INT, window_start TIMESTAMP(3), rn BIGINT) WITH ("
                + "'connector' = 'filesystem', 'path' = '" + tmp.resolve("t") + "', 'format' = 'csv');\n";
        assertThat(last(TABLES + rankSink + "INSERT INTO top_csv SELECT k, v, window_start, rn FROM (SELECT *, "
                + "ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY v DESC) AS rn FROM TABLE("
                + TUMBLE10.replace("%t", "l") + ")) WHERE rn <= 2;")).isInstanceOf(StatementResult.RunJob.class);
    }

    private static String ranked(String partition, String order, String filter) {
        return "SELECT k, v, window_start, window_end FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY " + partition
                + " ORDER BY " + order + ") AS rn FROM TABLE(" + TUMBLE10.replace("%t", "l") + ")) WHERE " + filter
                + ";";
    }

    @Test
    void rowNumberPartitionedByWindowStartAndEndIsAWindowTopNOrDeduplication() {
        WindowRankSpec top = spec(ranked("window_start, window_end, k", "v DESC", "rn <= 3"), WindowRankSpec.class);
        assertThat(top.limit()).isEqualTo(3);
        assertThat(top.deduplicate()).isFalse();
        assertThat(top.outputType().field(top.keyIndices()[0]).name()).isEqualTo("k");
        assertThat(top.keyIndices()).hasSize(1);

        WindowRankSpec last = spec(ranked("window_start, window_end, k", "ts DESC", "rn = 1"), WindowRankSpec.class);
        assertThat(last.deduplicate()).isTrue();
        assertThat(last.tiesReplace()).isTrue();
        assertThat(last.describe()).startsWith("WindowDeduplicate(keep=[LastRow]");
        WindowRankSpec first = spec(ranked("window_start, window_end, k", "ts", "rn = 1"), WindowRankSpec.class);
        assertThat(first.deduplicate()).isTrue();
        assertThat(first.tiesReplace()).isFalse();

        // Over a window aggregation's result.
        WindowRankSpec overAgg = spec("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, "
                + "window_end ORDER BY c DESC) AS rn FROM (SELECT k, window_start, window_end, COUNT(*) AS c FROM "
                + "TABLE(" + TUMBLE10.replace("%t", "l") + ") GROUP BY k, window_start, window_end)) WHERE rn <= 1;",
                WindowRankSpec.class);
        assertThat(overAgg.keyIndices()).isEmpty();
        assertThat(overAgg.outputRank()).isTrue();
    }

    @Test
    void withoutBothWindowColumnsInPartitionByItStaysAnUpdatingTopN() {
        List<OperatorSpec> ops = operators(ranked("window_start, k", "v DESC", "rn <= 3"));
        assertThat(ops).anyMatch(RankSpec.class::isInstance).noneMatch(WindowRankSpec.class::isInstance);
    }
}

package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.config.Configuration;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.parser.SqlException;
import org.junit.jupiter.api.Test;

/**
 * Planning of {@code 'scan.parallelism'} and {@code 'sink.parallelism'}: bad values are refused naming the
 * table and option, an updating input into a sink of another parallelism needs its primary key (Flink's
 * rule), and EXPLAIN shows the parallelism and exchange where they differ from the default.
 */
class TableParallelismPlanningTest {
    private static final String SOURCE = """
            CREATE TABLE gen (id BIGINT, name STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '10'%s);
            """;

    private static StatementResult run(String sql, int parallelism) {
        return PlanningSessions.last(Configuration.empty().with("parallelism.default", Integer.toString(parallelism)),
                PlanningSessions.SCRIPT, sql);
    }

    private static String updatingInto(String sinkOptions, String primaryKey) {
        return SOURCE.formatted("") + """
                CREATE TABLE totals (k BIGINT, n BIGINT%s) WITH ('connector' = 'print'%s);
                INSERT INTO totals SELECT id %% 3, COUNT(*) FROM gen GROUP BY id %% 3;
                """.formatted(primaryKey, sinkOptions);
    }

    @Test
    void anUpdatingInputIntoASinkOfAnotherParallelismWithoutPrimaryKeyIsRefusedWithFlinksRule() {
        assertThatThrownBy(() -> run(updatingInto(", 'sink.parallelism' = '3'", ""), 2))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("The sink for table 'totals' has a configured parallelism of 3, while the input"
                        + " parallelism is 2. Since the configured parallelism is different from the input's"
                        + " parallelism and the changelog mode is not insert-only, a primary key is required but could"
                        + " not be found.")
                .hasMessageContaining("Declare a PRIMARY KEY");
    }

    @Test
    void anUpdatingInputIsAcceptedWithAPrimaryKeyOrTheSameParallelism() {
        StatementResult withKey = run(updatingInto(", 'sink.parallelism' = '3'", ", PRIMARY KEY (k) NOT ENFORCED"), 2);
        assertThat(withKey).isInstanceOf(StatementResult.RunJob.class);
        SinkSpec sink = ((StatementResult.RunJob) withKey).plan().sink();
        assertThat(sink.updatingInput()).isTrue();
        // the input's parallelism: no exchange, no key needed
        assertThat(run(updatingInto(", 'sink.parallelism' = '2'", ""), 2)).isInstanceOf(StatementResult.RunJob.class);
    }

    @Test
    void anInsertOnlyInputGoesToASinkOfAnyParallelism() {
        String sql = SOURCE.formatted("") + """
                CREATE TABLE out (id BIGINT) WITH ('connector' = 'print', 'sink.parallelism' = '3');
                INSERT INTO out SELECT id FROM gen WHERE id > 2;
                """;
        StatementResult result = run(sql, 2);
        assertThat(result).isInstanceOf(StatementResult.RunJob.class);
        assertThat(((StatementResult.RunJob) result).plan().sink().updatingInput()).isFalse();
    }

    @Test
    void badValuesAreRefusedNamingTheTableAndOption() {
        String zero = SOURCE.formatted("") + """
                CREATE TABLE out (id BIGINT) WITH ('connector' = 'print', 'sink.parallelism' = '0');
                INSERT INTO out SELECT id FROM gen;
                """;
        assertThatThrownBy(() -> run(zero, 2)).isInstanceOf(SqlException.class) // print checks it at CREATE TABLE
                .hasMessageContaining("Table 'out'").hasMessageContaining("'sink.parallelism'")
                .hasMessageContaining("positive integer");
        String fileZero = SOURCE.formatted("") + """
                CREATE TABLE out (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/never', 'format' = 'csv',
                  'sink.parallelism' = '0');
                INSERT INTO out SELECT id FROM gen;
                """;
        assertThatThrownBy(() -> run(fileZero, 2)).isInstanceOf(SqlException.class)
                .hasMessageContaining("Table 'out': option 'sink.parallelism' must be a positive integer not above"
                        + " pipeline.max-parallelism (128), got '0'.");
        String tooMany = SOURCE.formatted(", 'scan.parallelism' = '129'") + """
                CREATE TABLE out (id BIGINT) WITH ('connector' = 'print');
                INSERT INTO out SELECT id FROM gen;
                """;
        assertThatThrownBy(() -> run(tooMany, 1)).isInstanceOf(SqlException.class)
                .hasMessageContaining("Table 'gen': option 'scan.parallelism' must be a positive integer not above"
                        + " pipeline.max-parallelism (128), got '129'.");
        String text = SOURCE.formatted(", 'scan.parallelism' = 'two'") + """
                CREATE TABLE out (id BIGINT) WITH ('connector' = 'print');
                INSERT INTO out SELECT id FROM gen;
                """;
        assertThatThrownBy(() -> run(text, 1)).isInstanceOf(SqlException.class)
                .hasMessageContaining("option 'scan.parallelism' must be a positive integer");
    }

    @Test
    void aChangelogSourceOfItsOwnParallelismIsHashedOnItsPrimaryKey() {
        String sql = SOURCE.formatted("") + """
                CREATE TABLE upk (id BIGINT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH (
                  'connector' = 'upsert-kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'localhost:1',
                  'key.format' = 'json', 'value.format' = 'json', 'scan.parallelism' = '1');
                CREATE TABLE out (id BIGINT, name STRING) WITH ('connector' = 'print');
                EXPLAIN INSERT INTO out SELECT id, name FROM upk UNION ALL SELECT id, name FROM gen;
                """;
        // As Flink does: the changes of one key reach one subtask of the union, in order.
        String union = ((StatementResult.Text) run(sql, 2)).text();
        assertThat(union).contains("exchange=[hash]");
        String projected = sql.replace("SELECT id, name FROM upk UNION ALL SELECT id, name FROM gen",
                "SELECT id, UPPER(name) FROM upk");
        String plan = ((StatementResult.Text) run(projected, 2)).text();
        assertThat(plan).contains("exchange=[hash]").contains("parallelism=[1]");
        // into a keyed operator its rows are hashed by that operator's key, whatever the parallelism
        String keyed = sql.replace("EXPLAIN INSERT INTO out SELECT id, name FROM upk UNION ALL SELECT id, name FROM gen;",
                "INSERT INTO out SELECT id, MAX(name) FROM upk GROUP BY id;");
        assertThat(run(keyed, 2)).isInstanceOf(StatementResult.RunJob.class);
    }

    @Test
    void aChangelogSourceWithoutPrimaryKeyIsNotRebalancedIntoAUnion() {
        String sql = SOURCE.formatted("") + """
                CREATE TABLE cdc (id BIGINT, name STRING) WITH ('connector' = 'filesystem',
                  'path' = '/tmp/weir-never-read', 'format' = 'debezium-json', 'scan.parallelism' = '1');
                CREATE TABLE out (id BIGINT, name STRING) WITH ('connector' = 'print');
                INSERT INTO out SELECT id, name FROM cdc UNION ALL SELECT id, name FROM gen;
                """;
        assertThatThrownBy(() -> run(sql, 2)).isInstanceOf(SqlException.class)
                .hasMessageContaining("Table 'cdc' produces updates (connector 'filesystem'), and with"
                        + " 'scan.parallelism' = '1' its rows would reach the UNION at parallelism 2 round robin")
                .hasMessageContaining("Remove 'scan.parallelism' from 'cdc' or set it to 2.");
    }

    @Test
    void connectorsFlinkDoesNotGiveTheOptionRefuseIt() {
        String sql = "CREATE TABLE out (id BIGINT) WITH ('connector' = 'blackhole', 'sink.parallelism' = '2');";
        assertThatThrownBy(() -> run(sql, 1)).isInstanceOf(SqlException.class)
                .hasMessageContaining("Unsupported option 'sink.parallelism' for connector 'blackhole'");
    }

    @Test
    void explainShowsParallelismAndExchangeWhereTheyDifferFromTheDefault() {
        String sql = SOURCE.formatted(", 'scan.parallelism' = '1'") + """
                CREATE TABLE out (id BIGINT, name STRING) WITH ('connector' = 'print', 'sink.parallelism' = '3');
                EXPLAIN INSERT INTO out SELECT id, name FROM gen;
                """;
        String plan = ((StatementResult.Text) run(sql, 2)).text();
        assertThat(plan).contains("Sink(table=[out], connector=[print], fields=[id, name], parallelism=[3],"
                + " exchange=[rebalance])");
        assertThat(plan).contains("TableSourceScan(table=[gen], connector=[datagen], fields=[id, name],"
                + " parallelism=[1])");
        String updating = updatingInto(", 'sink.parallelism' = '3'", ", PRIMARY KEY (k) NOT ENFORCED")
                .replace("INSERT INTO", "EXPLAIN INSERT INTO");
        assertThat(((StatementResult.Text) run(updating, 2)).text())
                .contains("parallelism=[3], exchange=[hash])");
        String atDefault = SOURCE.formatted("") + """
                CREATE TABLE out (id BIGINT) WITH ('connector' = 'print');
                EXPLAIN INSERT INTO out SELECT id FROM gen;
                """;
        assertThat(((StatementResult.Text) run(atDefault, 2)).text()).doesNotContain("parallelism=[")
                .doesNotContain("exchange=[");
    }
}

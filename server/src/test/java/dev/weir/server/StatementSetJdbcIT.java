package dev.weir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.executor.runtime.JobStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statement sets over JDBC: EXECUTE STATEMENT SET in one execute, and BEGIN STATEMENT SET … END across several. */
class StatementSetJdbcIT {
    private static WeirServer server;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        server = WeirServer.start(ServerOptions.defaults().withPort(0).withAllowedPaths(List.of(dir))
                .withSessionConfig(dev.weir.core.config.Configuration.empty()
                        .with("execution.checkpointing.dir", dir.resolve("checkpoints").toString())));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void createTables(Statement s, String suffix) throws SQLException {
        s.execute("CREATE TABLE nums" + suffix + " (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '6',"
                + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '6')");
        s.execute("CREATE TABLE evens" + suffix + " (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '"
                + dir.resolve("evens" + suffix) + "', 'format' = 'csv')");
        s.execute("CREATE TABLE odds" + suffix + " (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '"
                + dir.resolve("odds" + suffix) + "', 'format' = 'csv')");
    }

    private static String jobId(Statement s) throws SQLException {
        try (ResultSet rs = s.getResultSet()) {
            assertThat(rs.next()).isTrue();
            return rs.getString("job_id") + "|" + rs.getString("job_name");
        }
    }

    private static List<String> lines(String table) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve(table))) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        lines.sort(null);
        return lines;
    }

    private static void awaitFinished(String idAndName) throws InterruptedException {
        String id = idAndName.substring(0, idAndName.indexOf('|'));
        assertThat(server.jobs().awaitEnd(id, 60, TimeUnit.SECONDS)).isPresent();
        assertThat(server.jobs().get(id).orElseThrow().status()).isEqualTo(JobStatus.FINISHED);
    }

    @Test
    void executeStatementSetStartsOneJob() throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
            createTables(s, "_x");
            assertThat(s.execute("EXECUTE STATEMENT SET BEGIN\n"
                    + "INSERT INTO evens_x SELECT id FROM nums_x WHERE id % 2 = 0;\n"
                    + "INSERT INTO odds_x SELECT id FROM nums_x WHERE id % 2 = 1;\nEND")).isTrue();
            String job = jobId(s);
            assertThat(job).endsWith("|insert-into_evens_x,odds_x");
            awaitFinished(job);
        }
        assertThat(lines("evens_x")).containsExactly("2", "4", "6");
        assertThat(lines("odds_x")).containsExactly("1", "3", "5");
    }

    @Test
    void beginStatementSetCollectsInsertsUntilEnd() throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
            createTables(s, "_b");
            assertThat(s.execute("BEGIN STATEMENT SET")).isFalse();
            assertThat(s.execute("INSERT INTO evens_b SELECT id FROM nums_b WHERE id % 2 = 0")).isFalse();
            assertThat(s.getUpdateCount()).isZero();
            assertThatThrownBy(() -> s.execute("DROP TABLE odds_b")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("Only INSERT INTO statements can be added to the open statement set");
            assertThat(s.execute("INSERT INTO odds_b SELECT id FROM nums_b WHERE id % 2 = 1")).isFalse();
            assertThat(Files.exists(dir.resolve("evens_b"))).as("collected, not run").isFalse();
            assertThat(s.execute("END")).isTrue();
            String job = jobId(s);
            assertThat(job).endsWith("|insert-into_evens_b,odds_b");
            assertThat(server.jobs().get(job.substring(0, job.indexOf('|'))).orElseThrow().statement())
                    .as("the job is recorded with its INSERTs, not as 'END'")
                    .isEqualTo("BEGIN STATEMENT SET;\nINSERT INTO evens_b SELECT id FROM nums_b WHERE id % 2 = 0;\n"
                            + "INSERT INTO odds_b SELECT id FROM nums_b WHERE id % 2 = 1;\nEND;");
            awaitFinished(job);
            // the set is closed: other statements run again
            assertThat(s.execute("DROP TABLE nums_b")).isFalse();
        }
        assertThat(lines("evens_b")).containsExactly("2", "4", "6");
        assertThat(lines("odds_b")).containsExactly("1", "3", "5");
    }
}

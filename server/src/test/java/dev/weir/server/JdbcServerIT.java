package dev.weir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.executor.runtime.JobStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC endpoint end to end: a real server on a free port, plain java.sql clients. */
class JdbcServerIT {
    private static WeirServer server;

    @TempDir
    static Path checkpoints;

    @BeforeAll
    static void start() {
        server = WeirServer.start(ServerOptions.defaults().withPort(0).withSessionConfig(
                dev.weir.core.config.Configuration.empty().with("execution.checkpointing.dir", checkpoints.toString())));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl());
    }

    private static final String BOUNDED = "CREATE TABLE nums (id BIGINT, name STRING) WITH ('connector' = 'datagen',"
            + " 'number-of-rows' = '25', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1',"
            + " 'fields.id.end' = '25', 'fields.name.length' = '4')";
    private static final String UNBOUNDED = "CREATE TABLE ticks (id BIGINT) WITH ('connector' = 'datagen',"
            + " 'rows-per-second' = '50', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1',"
            + " 'fields.id.end' = '1000000000')";

    @Test
    void ddlShowTablesAndDescribe() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(s.execute(BOUNDED)).isFalse();
            assertThat(s.getUpdateCount()).isZero();
            try (ResultSet rs = s.executeQuery("SHOW TABLES")) {
                assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("table name");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("nums");
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = s.executeQuery("DESCRIBE nums")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString("name") + " " + rs.getString("type"));
                }
                assertThat(rows).containsExactly("id BIGINT", "name STRING");
            }
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT id FROM nums")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("result")).contains("== Physical Plan ==", "TableSourceScan(table=[nums]");
            }
            s.execute("SET 'table.local-time-zone' = 'Europe/Berlin'");
            assertThat(s.getUpdateCount()).isZero();
            assertThatThrownBy(() -> s.executeQuery("DESCRIBE nope")).isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("<jdbc>:1:").hasMessageContaining("Table with identifier 'nope' does not exist");
        }
    }

    @Test
    void boundedSelectReturnsAllRows() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(BOUNDED);
            try (ResultSet rs = s.executeQuery("SELECT id, id * 2 AS twice FROM nums WHERE id <= 20")) {
                assertThat(rs.getMetaData().getColumnCount()).isEqualTo(3);
                assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("op");
                assertThat(rs.getMetaData().getColumnType(2)).isEqualTo(Types.BIGINT);
                List<Long> ids = new ArrayList<>();
                while (rs.next()) {
                    assertThat(rs.getString("op")).isEqualTo("+I");
                    assertThat(rs.getLong("twice")).isEqualTo(rs.getLong("id") * 2);
                    ids.add(rs.getLong("id"));
                }
                assertThat(ids).hasSize(20).startsWith(1L, 2L).endsWith(20L);
            }
        }
    }

    @Test
    void unboundedSelectStreamsUntilCancelled() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(UNBOUNDED);
            ResultSet rs = s.executeQuery("SELECT id FROM ticks");
            long previous = 0;
            for (int i = 0; i < 30; i++) {
                assertThat(rs.next()).isTrue();
                long id = rs.getLong("id");
                assertThat(id).isEqualTo(previous + 1);
                previous = id;
            }
            JobInfo job = runningSelect("SELECT id FROM ticks");
            s.cancel();
            assertThat(server.jobs().awaitEnd(job.id(), 20, TimeUnit.SECONDS)).isPresent();
            assertThat(server.jobs().get(job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);

            // The statement stays usable after a cancel.
            s.execute(BOUNDED);
            try (ResultSet again = s.executeQuery("SELECT id FROM nums")) {
                int rows = 0;
                while (again.next()) {
                    rows++;
                }
                assertThat(rows).isEqualTo(25);
            }
        }
    }

    @Test
    void closingAResultSetEarlyStopsItsJob() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(UNBOUNDED.replace("ticks", "early"));
            ResultSet rs = s.executeQuery("SELECT id FROM early");
            assertThat(rs.next()).isTrue();
            JobInfo job = runningSelect("SELECT id FROM early");
            rs.close();
            assertThat(server.jobs().awaitEnd(job.id(), 20, TimeUnit.SECONDS)).isPresent();
            assertThat(server.jobs().get(job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        }
    }

    @Test
    void queryTimeoutEndsAStreamingQuery() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(UNBOUNDED.replace("ticks", "slow"));
            s.setQueryTimeout(1);
            long start = System.nanoTime();
            ResultSet rs = s.executeQuery("SELECT id FROM slow");
            assertThatThrownBy(() -> {
                while (rs.next()) {
                    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
                }
            }).isInstanceOf(SQLTimeoutException.class).hasMessageContaining("timed out after 1 s");
            JobInfo job = selectJob("SELECT id FROM slow");
            assertThat(server.jobs().awaitEnd(job.id(), 20, TimeUnit.SECONDS)).isPresent();
        }
    }

    private static JobInfo runningSelect(String sql) {
        JobInfo job = selectJob(sql);
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        return job;
    }

    private static JobInfo selectJob(String sql) {
        return server.jobs().list().stream().filter(j -> j.statement().equals(sql)).reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void databaseMetaDataListsTablesAndColumns() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE meta_t (id BIGINT NOT NULL, price DECIMAL(10, 2), ts TIMESTAMP(3), label STRING)"
                    + " WITH ('connector' = 'blackhole')");
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getDatabaseProductName()).isEqualTo("Weir");
            try (ResultSet rs = md.getTables(null, null, "meta%", null)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("TABLE_NAME")).isEqualTo("meta_t");
                assertThat(rs.getString("TABLE_TYPE")).isEqualTo("TABLE");
                assertThat(rs.getString("TABLE_SCHEM")).isEqualTo("default_database");
                assertThat(rs.next()).isFalse();
            }
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = md.getColumns(null, null, "meta_t", null)) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE") + ":"
                            + rs.getString("TYPE_NAME") + ":" + rs.getString("IS_NULLABLE"));
                }
            }
            assertThat(columns).containsExactly("id:" + Types.BIGINT + ":BIGINT:NO",
                    "price:" + Types.DECIMAL + ":DECIMAL(10, 2):YES",
                    "ts:" + Types.TIMESTAMP + ":TIMESTAMP(3):YES",
                    "label:" + Types.VARCHAR + ":STRING:YES");
        }
    }

    @Test
    void preparedStatementsBindLiteralsSafely() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(BOUNDED);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, ? AS tag FROM nums WHERE id > ? AND id <= ?")) {
                ps.setString(1, "it's '?' -- not a comment");
                ps.setInt(2, 10);
                ps.setLong(3, 13);
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getLong("id") + "/" + rs.getString("tag"));
                    }
                }
                assertThat(rows).containsExactly("11/it's '?' -- not a comment", "12/it's '?' -- not a comment",
                        "13/it's '?' -- not a comment");
            }
        }
    }

    @Test
    void insertRunsInTheBackgroundAndReturnsItsJobId() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(BOUNDED);
            s.execute("CREATE TABLE sink_bh (id BIGINT) WITH ('connector' = 'blackhole')");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sink_bh SELECT id FROM nums WHERE id > ?")) {
                ps.setInt(1, 5);
                assertThat(ps.executeUpdate()).isZero();
                assertThat(ps.getWarnings().getMessage()).contains("getGeneratedKeys()");
                String jobId;
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    jobId = keys.getString("job_id");
                }
                assertThat(server.jobs().awaitEnd(jobId, 30, TimeUnit.SECONDS)).isPresent();
                assertThat(server.jobs().get(jobId).orElseThrow().status()).isEqualTo(JobStatus.FINISHED);
                List<String> listed = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SHOW JOBS")) {
                    while (rs.next()) {
                        listed.add(rs.getString("job_id") + ":" + rs.getString("kind") + ":" + rs.getString("status")
                                + ":" + rs.getString("last_checkpoint") + ":" + rs.getString("operators"));
                    }
                }
                // no checkpointing: no last checkpoint; the operators column lists the watermarks seen
                assertThat(listed).anySatisfy(l -> assertThat(l).startsWith(jobId + ":INSERT:FINISHED:-:"));
            }
        }
    }

    @Test
    void valuesKeepTheirTypes() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(BOUNDED);
            String sql = "SELECT CAST('2023-11-14 22:13:20.123' AS TIMESTAMP(3)) AS ts, DATE '2024-02-29' AS d,"
                    + " CAST(12.34 AS DECIMAL(10, 2)) AS price, TRUE AS flag, CAST(1.5 AS DOUBLE) AS dbl,"
                    + " CAST(NULL AS STRING) AS nothing, TIME '12:34:56' AS t FROM nums WHERE id = 1";
            try (ResultSet rs = s.executeQuery(sql)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("ts")).isEqualTo("2023-11-14 22:13:20.123");
                assertThat(rs.getTimestamp("ts").toLocalDateTime())
                        .isEqualTo(java.time.LocalDateTime.of(2023, 11, 14, 22, 13, 20, 123_000_000));
                assertThat(rs.getDate("d").toLocalDate()).isEqualTo(java.time.LocalDate.of(2024, 2, 29));
                assertThat(rs.getBigDecimal("price")).isEqualByComparingTo("12.34");
                assertThat(rs.getBoolean("flag")).isTrue();
                assertThat(rs.getDouble("dbl")).isEqualTo(1.5);
                assertThat(rs.getString("nothing")).isNull();
                assertThat(rs.wasNull()).isTrue();
                assertThat(rs.getTime("t").toLocalTime()).isEqualTo(java.time.LocalTime.of(12, 34, 56));
                assertThat(rs.getMetaData().getColumnTypeName(2)).isEqualTo("TIMESTAMP(3)");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void errorsNameTheProblemFirst() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(BOUNDED);
            assertThatThrownBy(() -> s.executeQuery("SELECT amout FROM nums"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("<jdbc>:1:8: Column 'amout' not found in any table\nSELECT amout FROM nums\n       ^");
            assertThatThrownBy(() -> s.executeQuery("SELEC 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("<jdbc>:1:1: Syntax error at 'SELEC'");
            // A runtime error of the query's job surfaces in executeQuery or next() (whichever fetches
            // first), with the engine's message once.
            assertThatThrownBy(() -> {
                ResultSet rs = s.executeQuery("SELECT CAST(name AS INT) FROM nums");
                while (rs.next()) {
                    rs.getInt(2);
                }
            }).isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("The query's job failed: Cannot cast '")
                    .satisfies(e -> assertThat(e.getMessage().split("Cannot cast", -1)).hasSize(2));
        }
    }

    @Test
    void cancelFromAnotherThreadReleasesABlockedNext() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE trickle (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1')");
            ResultSet rs = s.executeQuery("SELECT id FROM trickle");
            assertThat(rs.next()).isTrue();
            java.util.concurrent.CompletableFuture<String> reader = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            while (rs.next()) {
                                // keep reading until the cancel ends the result
                            }
                            return "ended";
                        } catch (SQLException e) {
                            return "failed: " + e.getMessage();
                        }
                    });
            JobInfo job = runningSelect("SELECT id FROM trickle");
            s.cancel();
            assertThat(reader.get(20, TimeUnit.SECONDS)).isIn("ended", "failed: Statement canceled");
            assertThat(server.jobs().awaitEnd(job.id(), 20, TimeUnit.SECONDS)).isPresent();
            assertThat(server.jobs().get(job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        }
    }

    @Test
    void maxRowsStopsAnUnboundedQuery() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(UNBOUNDED.replace("ticks", "capped"));
            s.setMaxRows(7);
            int rows = 0;
            try (ResultSet rs = s.executeQuery("SELECT id FROM capped")) {
                while (rs.next()) {
                    rows++;
                }
            }
            assertThat(rows).isEqualTo(7);
            JobInfo job = selectJob("SELECT id FROM capped");
            assertThat(server.jobs().awaitEnd(job.id(), 20, TimeUnit.SECONDS)).isPresent();
        }
    }

    @Test
    void stopJobStopsABackgroundInsert() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(UNBOUNDED.replace("ticks", "endless"));
            s.execute("CREATE TABLE void_t (id BIGINT) WITH ('connector' = 'blackhole')");
            assertThat(s.executeUpdate("INSERT INTO void_t SELECT id FROM endless")).isZero();
            String jobId;
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                jobId = keys.getString("job_id");
            }
            assertThat(server.jobs().get(jobId).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
            assertThat(s.executeUpdate("STOP JOB '" + jobId + "'")).isZero();
            assertThat(server.jobs().awaitEnd(jobId, 20, TimeUnit.SECONDS)).isPresent();
            assertThat(server.jobs().get(jobId).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
            assertThatThrownBy(() -> s.execute("STOP JOB 'no-such-job'")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("No job with id 'no-such-job'");
        }
    }

    @Test
    void dmlSyncMakesAnInsertAnswerWhenItsJobHasEnded() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(BOUNDED.replace("nums", "nums_sync"));
            s.execute("CREATE TABLE void_sync (id BIGINT) WITH ('connector' = 'blackhole')");
            s.execute("SET 'table.dml-sync' = 'true'");
            s.executeUpdate("INSERT INTO void_sync SELECT id FROM nums_sync");
            String jobId;
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                jobId = keys.getString("job_id");
            }
            assertThat(server.jobs().get(jobId).orElseThrow().status()).isEqualTo(JobStatus.FINISHED);
        }
    }

    @Test
    void stopJobWithSavepointAnswersWithTheSavepointPath() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(UNBOUNDED.replace("ticks", "endless_sp"));
            s.execute("CREATE TABLE void_sp (id BIGINT) WITH ('connector' = 'blackhole')");
            assertThat(s.executeUpdate("INSERT INTO void_sp SELECT id FROM endless_sp")).isZero();
            String jobId;
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                jobId = keys.getString("job_id");
            }
            assertThat(s.execute("STOP JOB '" + jobId + "' WITH SAVEPOINT")).isTrue();
            try (ResultSet rs = s.getResultSet()) {
                assertThat(rs.next()).isTrue();
                Path savepoint = Path.of(rs.getString("savepoint_path"));
                assertThat(savepoint).startsWith(checkpoints);
                assertThat(savepoint.resolve("_metadata")).isRegularFile();
                assertThat(rs.next()).isFalse();
            }
            assertThat(server.jobs().get(jobId).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        }
    }
}

package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weir run FILE.sql --detached --endpoint}: child JVMs from the packaged jar against a real {@code weir serve}. */
class DetachedRunIT {
    private static final Pattern JOB_ID = Pattern.compile("Job ID: (\\S+)");

    @TempDir
    static Path serverDir;

    @TempDir
    Path dir;

    private static ServeProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServeProcess.start(serverDir, "serve");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void insertsBecomeServerJobsAndTheCommandExitsAtOnce() throws Exception {
        Path script = dir.resolve("jobs.sql");
        Files.writeString(script, """
                -- two endless jobs
                CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '50',
                    'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '100000000');
                CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');
                SET 'pipeline.name' = 'detached-evens';
                INSERT INTO sink SELECT id FROM src WHERE id % 2 = 0;
                SET 'pipeline.name' = 'detached-odds';
                INSERT INTO sink SELECT id FROM src WHERE id % 2 = 1;
                SHOW TABLES;
                """);
        ChildRun run = ChildRun.start(List.of("run", script.toString(), "--detached", "--endpoint", server.endpoint()),
                null, dir, "detached");
        assertThat(run.awaitExit(Duration.ofMinutes(2))).as(run.describe()).isZero();

        List<String> ids = new ArrayList<>();
        Matcher m = JOB_ID.matcher(run.stdout());
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertThat(ids).as(run.describe()).hasSize(2);
        assertThat(run.stdout()).contains("| sink ", "| src ");
        assertThat(run.stderr()).contains("Submitted 2 jobs to jdbc:weir://" + server.endpoint());

        // the jobs run on in the server after the command ended
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SHOW JOBS")) {
                while (rs.next()) {
                    rows.add(rs.getString("job_id") + " " + rs.getString("job_name") + " " + rs.getString("kind") + " "
                            + rs.getString("status"));
                }
            }
            assertThat(rows).contains(ids.get(0) + " detached-evens INSERT RUNNING",
                    ids.get(1) + " detached-odds INSERT RUNNING");

            s.execute("STOP JOB '" + ids.get(0) + "'");
            server.awaitJobStatus(ids.get(0), "CANCELLED");
            assertThat(server.jobStatuses()).containsEntry(ids.get(1), "RUNNING");
        }
        // weir stop --savepoint: the job ends with a savepoint whose path the command prints
        ChildRun stop = ChildRun.start(List.of("stop", ids.get(1), "--savepoint", "--endpoint", server.endpoint()),
                null, dir, "stop");
        assertThat(stop.awaitExit(Duration.ofMinutes(1))).as(stop.describe()).isZero();
        Path savepoint = Path.of(stop.stdout().strip());
        assertThat(savepoint.getFileName().toString()).startsWith("savepoint-detached-odds-");
        assertThat(savepoint.resolve("_metadata")).isRegularFile();
        server.awaitJobStatus(ids.get(1), "CANCELLED");
    }

    @Test
    void stopWithoutAnEndpointSaysWhereJobsRun() throws Exception {
        ChildRun stop = ChildRun.start(List.of("stop", "1"), null, dir, "stop-local");
        assertThat(stop.awaitExit(Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(stop.stderr()).contains("weir stop needs --endpoint HOST:PORT");
    }

    @Test
    void aRefusedStatementStopsTheRunWithItsPositionInTheScript() throws Exception {
        Path script = dir.resolve("bad.sql");
        Files.writeString(script, """
                CREATE TABLE t (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '5');
                CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');

                INSERT INTO sink
                  SELECT nope FROM t;
                INSERT INTO sink SELECT id FROM t;
                """);
        int jobsBefore = server.jobStatuses().size();
        ChildRun run = ChildRun.start(List.of("run", script.toString(), "--detached", "--endpoint", server.endpoint()),
                null, dir, "bad");
        assertThat(run.awaitExit(Duration.ofMinutes(2))).as(run.describe()).isNotZero();
        assertThat(run.stderr()).contains(script + ":5:10: Column 'nope' not found in any table")
                .contains("  SELECT nope FROM t;\n         ^")
                .doesNotContain("\tat ");
        // the statement after it was not sent
        assertThat(run.stdout()).doesNotContain("Job ID:");
        assertThat(server.jobStatuses()).hasSize(jobsBefore);
    }

    @Test
    void aSelectOrASyntaxErrorStopsTheRunBeforeAnythingIsSent() throws Exception {
        Path script = dir.resolve("select.sql");
        Files.writeString(script, """
                CREATE TABLE t (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '5');
                SELECT id FROM t;
                """);
        ChildRun run = ChildRun.start(List.of("run", script.toString(), "--detached", "--endpoint", server.endpoint()),
                null, dir, "select");
        assertThat(run.awaitExit(Duration.ofMinutes(2))).as(run.describe()).isNotZero();
        assertThat(run.stderr()).contains(script + ":2:1: A SELECT has nowhere to show its rows in a detached run");

        ChildRun noEndpoint = ChildRun.start(List.of("run", script.toString(), "--detached"), null, dir, "noendpoint");
        assertThat(noEndpoint.awaitExit(Duration.ofMinutes(2))).as(noEndpoint.describe()).isNotZero();
        assertThat(noEndpoint.stderr()).contains("--detached submits the script to a running 'weir serve': add"
                + " --endpoint HOST:PORT");
    }
}

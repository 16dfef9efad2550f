package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EXECUTE STATEMENT SET and the LATE_ROWS hint end to end: {@code weir run} in a child JVM writing
 * files through checkpoints, and the prompt's BEGIN STATEMENT SET … END.
 */
class StatementSetIT {
    /** Watermark ts - 1 s, 10 s windows; in arrival order (user, url, second): two rows come after their window fired. */
    private static final String CLICKS = """
            alice,/a,2023-11-14 22:13:21
            bob,/b,2023-11-14 22:13:22
            alice,/c,2023-11-14 22:13:31
            alice,/d,2023-11-14 22:13:25
            alice,/e,2023-11-14 22:13:55
            alice,/f,2023-11-14 22:13:28
            bob,/g,2023-11-14 22:13:56
            """;

    @TempDir
    Path dir;

    private String ddl() throws Exception {
        Path input = dir.resolve("clicks.csv");
        Files.writeString(input, CLICKS);
        return """
                CREATE TABLE clicks (user_id STRING, url STRING, ts TIMESTAMP(3),
                  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                CREATE TABLE counts (user_id STRING, window_start TIMESTAMP(3), n BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                CREATE TABLE late_clicks (user_id STRING, url STRING, ts TIMESTAMP(3))
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                CREATE TABLE urls (url STRING) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                """.formatted(input, dir.resolve("counts"), dir.resolve("late"), dir.resolve("urls"));
    }

    private static final String PER_USER = """
            INSERT INTO counts
            SELECT /*+ LATE_ROWS('late_clicks') */ user_id, window_start, COUNT(*)
            FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
            GROUP BY user_id, window_start, window_end;
            """;

    private static List<String> sorted(Path outputDir) throws Exception {
        List<String> lines = new ArrayList<>(CrashRecoveryIT.visibleLines(outputDir));
        lines.sort(null);
        return lines;
    }

    private void assertOutputs() throws Exception {
        assertThat(sorted(dir.resolve("counts"))).containsExactly(
                "alice,2023-11-14 22:13:20.000,1",
                "alice,2023-11-14 22:13:30.000,1",
                "alice,2023-11-14 22:13:50.000,1",
                "bob,2023-11-14 22:13:20.000,1",
                "bob,2023-11-14 22:13:50.000,1");
        // exactly the rows the window dropped, whole, in the late table's columns
        assertThat(sorted(dir.resolve("late"))).containsExactly(
                "alice,/d,2023-11-14 22:13:25.000",
                "alice,/f,2023-11-14 22:13:28.000");
        assertThat(sorted(dir.resolve("urls"))).containsExactly("/a", "/b", "/c", "/d", "/e", "/f", "/g");
    }

    @Test
    void aScriptRunsTheSetAsOneJobWithCheckpoints() throws Exception {
        Path script = dir.resolve("set.sql");
        Files.writeString(script, ddl() + "EXECUTE STATEMENT SET\nBEGIN\n" + PER_USER
                + "INSERT INTO urls SELECT url FROM clicks;\nEND;\n");
        ChildRun run = ChildRun.start(script, dir, "set", Map.of("execution.checkpointing.interval", "50 ms",
                "execution.checkpointing.dir", dir.resolve("checkpoints").toString()));
        assertThat(run.awaitExit(Duration.ofMinutes(1))).as(run.describe()).isZero();
        assertThat(run.stderr()).contains("[INFO] Job 'insert-into_counts,urls' FINISHED")
                .contains("rows written: 14").contains("late rows dropped: 2");
        assertOutputs();
    }

    @Test
    void withSourceReuseTheTableIsReadOnceForBothInserts() throws Exception {
        Path script = dir.resolve("reuse.sql");
        Files.writeString(script, ddl() + "SET 'table.optimizer.reuse-source-enabled' = 'true';\n"
                + "BEGIN STATEMENT SET;\n" + PER_USER + "INSERT INTO urls SELECT url FROM clicks;\nEND;\n");
        ChildRun run = ChildRun.start(script, dir, "reuse", Map.of("execution.checkpointing.interval", "50 ms",
                "execution.checkpointing.dir", dir.resolve("checkpoints").toString()));
        assertThat(run.awaitExit(Duration.ofMinutes(1))).as(run.describe()).isZero();
        // 7 rows read once, not twice
        assertThat(run.stderr()).contains("[INFO] Job 'insert-into_counts,urls' FINISHED").contains("rows read: 7,")
                .contains("rows written: 14").contains("late rows dropped: 2");
        assertOutputs();
    }

    @Test
    void thePromptCollectsInsertsBetweenBeginAndEnd() throws Exception {
        try (ShellDriver shell = new ShellDriver(dir.resolve("history"), Map.of())) {
            for (String line : ddl().split("\n")) {
                shell.type(line);
            }
            shell.type("SET 'table.dml-sync' = 'true';");
            int from = shell.mark();
            shell.type("BEGIN STATEMENT SET;");
            shell.awaitOutput(from, "[INFO] Begin a statement set.");
            from = shell.mark();
            for (String line : PER_USER.split("\n")) {
                shell.type(line);
            }
            shell.awaitOutput(from, "[INFO] Add SQL update statement to the statement set.");
            from = shell.mark();
            shell.type("SHOW TABLES;");
            assertThat(shell.awaitOutput(from, "Only INSERT INTO statements can be added to the open statement set"))
                    .isNotNull();
            from = shell.mark();
            shell.type("INSERT INTO urls SELECT url FROM clicks;");
            shell.awaitOutput(from, "[INFO] Add SQL update statement to the statement set.");
            assertThat(dir.resolve("counts")).doesNotExist(); // collected, not run
            from = shell.mark();
            shell.type("END;");
            assertThat(shell.awaitOutput(from, "rows written: 14").substring(from))
                    .contains("Job 'insert-into_counts,urls' FINISHED");
        }
        assertOutputs();
    }

    @Test
    void theExecuteFormMaySpanLinesAtThePrompt() throws Exception {
        try (ShellDriver shell = new ShellDriver(dir.resolve("history"), Map.of())) {
            for (String line : ddl().split("\n")) {
                shell.type(line);
            }
            shell.type("SET 'table.dml-sync' = 'true';");
            int from = shell.mark();
            shell.type("EXECUTE STATEMENT SET BEGIN");
            for (String line : PER_USER.split("\n")) {
                shell.type(line);
            }
            shell.type("INSERT INTO urls SELECT url FROM clicks;");
            shell.type("END;");
            assertThat(shell.awaitOutput(from, "rows written: 14").substring(from))
                    .contains("Job 'insert-into_counts,urls' FINISHED").doesNotContain("Syntax error");
        }
        assertOutputs();
    }

    @Test
    void aDetachedRunSendsBothFormsToTheServer() throws Exception {
        Path script = dir.resolve("detached.sql");
        Files.writeString(script, ddl() + "BEGIN STATEMENT SET;\n" + PER_USER
                + "INSERT INTO urls SELECT url FROM clicks;\nEND;\n");
        try (ServeProcess server = ServeProcess.start(dir, "serve", "--allow-path", dir.toString())) {
            ChildRun run = ChildRun.start(List.of("run", script.toString(), "--detached", "--endpoint",
                    server.endpoint()), null, dir, "detached");
            assertThat(run.awaitExit(Duration.ofMinutes(1))).as(run.describe()).isZero();
            assertThat(run.stdout()).containsPattern("Job ID: \\S+");
            assertThat(run.stderr()).contains("[INFO] The statement set INSERT INTO counts, urls runs on the server as job ")
                    .contains("('insert-into_counts,urls')");
            try (java.sql.Connection c = server.connect(); java.sql.Statement s = c.createStatement()) {
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                String status = "";
                while (!status.equals("FINISHED") && System.nanoTime() < deadline) {
                    try (java.sql.ResultSet rs = s.executeQuery("SHOW JOBS")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString("job_name")).isEqualTo("insert-into_counts,urls");
                        status = rs.getString("status");
                    }
                }
                assertThat(status).isEqualTo("FINISHED");
            }
        }
        assertOutputs();
    }

    @Test
    void theRemotePromptCollectsOnTheServer() throws Exception {
        try (ServeProcess server = ServeProcess.start(dir, "serve", "--allow-path", dir.toString())) {
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection(server.jdbcUrl());
                    ShellDriver shell = new ShellDriver(dir.resolve("history"), (out, terminal, notifier) ->
                    new InteractiveShell.Backend(new RemoteExecutor(connection, out, terminal, Map.of(), notifier),
                            RemoteExecutor.schema(connection)))) {
                for (String line : ddl().split("\n")) {
                    shell.type(line);
                }
                int from = shell.mark();
                shell.type("BEGIN STATEMENT SET;");
                shell.awaitOutput(from, "[INFO] Begin a statement set.");
                from = shell.mark();
                for (String line : PER_USER.split("\n")) {
                    shell.type(line);
                }
                shell.awaitOutput(from, "[INFO] Add SQL update statement to the statement set.");
                from = shell.mark();
                shell.type("DROP TABLE urls;");
                shell.awaitOutput(from, "Only INSERT INTO statements can be added to the open statement set");
                from = shell.mark();
                shell.type("INSERT INTO urls SELECT url FROM clicks;");
                shell.awaitOutput(from, "[INFO] Add SQL update statement to the statement set.");
                from = shell.mark();
                shell.type("END;");
                shell.awaitOutput(from, "Job ID: ");
                from = shell.mark();
                shell.type("SHOW JOBS;");
                assertThat(shell.awaitOutput(from, "1 row in set").substring(from)).contains("insert-into_counts,urls");
            }
            try (java.sql.Statement s = server.connect().createStatement()) {
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                String status = "";
                while (!status.equals("FINISHED") && System.nanoTime() < deadline) {
                    try (java.sql.ResultSet rs = s.executeQuery("SHOW JOBS")) {
                        assertThat(rs.next()).isTrue();
                        status = rs.getString("status");
                    }
                }
                assertThat(status).isEqualTo("FINISHED");
            }
        }
        assertOutputs();
    }

    @Test
    void aStatementThatMayNotStandInASetIsNamedWithItsPlace() throws Exception {
        Path file = dir.resolve("bad.sql");
        Files.writeString(file, "EXECUTE STATEMENT SET BEGIN\n  INSERT INTO a SELECT 1;\n  DROP TABLE a;\nEND;\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = WeirCli.execute(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "run", file.toString());
        assertThat(code).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith(file + ":3:3: DROP TABLE cannot "
                + "stand in a statement set: only INSERT INTO statements may stand between BEGIN and END.")
                .contains("\n  DROP TABLE a;\n  ^").doesNotContain("\tat ");
    }
}

package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser.ParseContext;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weir shell --endpoint}: the prompt on a JLine dumb terminal whose statements run on a
 * real {@code weir serve} (a child JVM from the packaged jar), over the Weir JDBC driver.
 */
class RemoteShellIT {
    private static final String BOUNDED = "CREATE TABLE t (id BIGINT, k AS id % 2, "
            + "ts AS CAST(TO_TIMESTAMP_LTZ(id * 1000, 3) AS TIMESTAMP(3))) WITH ('connector' = 'datagen', "
            + "'number-of-rows' = '4', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '4');";
    private static final String UNBOUNDED = "CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', "
            + "'rows-per-second' = '20', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', "
            + "'fields.id.end' = '1000000');";
    private static final Pattern JOB_ID = Pattern.compile("Job ID: (\\S+)\\R");

    @TempDir
    static Path serverDir;

    @TempDir
    Path home;

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

    /** The shell as {@code weir shell --endpoint} builds it, on a connection of its own. */
    private ShellDriver shell() throws Exception {
        Connection connection = DriverManager.getConnection(server.jdbcUrl());
        return new ShellDriver(home.resolve(".weir").resolve("history"), (out, terminal, notifier) ->
                new InteractiveShell.Backend(new RemoteExecutor(connection, out, terminal, Map.of(), notifier),
                        RemoteExecutor.schema(connection)));
    }

    @Test
    void aSelectStreamsFromTheServerInTableauMode() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type(BOUNDED);
            shell.type("SELECT id, ts FROM t WHERE id > 2;");
            String out = shell.awaitOutput("Received a total of 2 rows");
            assertThat(out).contains("| op | id                   | ts                      |")
                    .containsPattern("\\| \\+I \\| 3 +\\| 1970-01-01 00:00:03.000 \\|")
                    .containsPattern("\\| \\+I \\| 4 +\\| 1970-01-01 00:00:04.000 \\|")
                    .doesNotContainPattern("\\| \\+I \\| 2 +\\|");
        }
    }

    @Test
    void changelogAndTableModesShowTheServersUpdates() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type(BOUNDED);
            shell.type("SET 'sql-client.execution.result-mode' = 'changelog';");
            shell.type("SELECT k, COUNT(*) AS c FROM t GROUP BY k;");
            assertThat(shell.awaitOutput("Received 6 changes"))
                    .contains("+I[1, 1]", "+I[0, 1]", "-U[1, 1]", "+U[1, 2]", "-U[0, 1]", "+U[0, 2]");

            shell.type("SET 'sql-client.execution.result-mode' = 'table';");
            int from = shell.mark();
            shell.type("SELECT k, COUNT(*) AS c FROM t GROUP BY k;");
            String out = shell.awaitOutput(from, "Query finished after 6 changes.").substring(from);
            assertThat(out).containsPattern("\\| 1 +\\| 2 +\\|").containsPattern("\\| 0 +\\| 2 +\\|")
                    .doesNotContainPattern("\\| [01] +\\| 1 +\\|").contains("2 rows in set");
        }
    }

    @Test
    void ctrlCCancelsTheQueryOnTheServerAndTheShellGoesOn() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type(UNBOUNDED);
            shell.type("SELECT id FROM src;");
            shell.awaitOutput("| +I | 2 ");
            String running = runningSelect();
            shell.terminal().raise(Terminal.Signal.INT);
            shell.awaitOutput("Query cancelled, received a total of");
            // Statement.cancel() stopped the query's job on the server
            server.awaitJobStatus(running, "CANCELLED");

            int from = shell.mark();
            shell.type("SHOW TABLES;");
            assertThat(shell.awaitOutput(from, "1 row in set").substring(from)).contains("| src ");
        }
    }

    /** The id of the one SELECT job the server runs now. */
    private static String runningSelect() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = server.connect(); var s = c.createStatement(); var rs = s.executeQuery("SHOW JOBS")) {
            while (rs.next()) {
                if (rs.getString("kind").equals("SELECT") && rs.getString("status").equals("RUNNING")) {
                    ids.add(rs.getString("job_id"));
                }
            }
        }
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    @Test
    void anInsertBecomesAServerJobThatShowJobsListsAndStopJobStops() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type(UNBOUNDED);
            shell.type("CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');");
            shell.type("INSERT INTO sink SELECT id FROM src;");
            String out = shell.awaitOutput("Job ID: ");
            String id = jobId(shell, out.indexOf("Job ID: "));
            assertThat(server.jobStatuses()).containsEntry(id, "RUNNING");

            int from = shell.mark();
            shell.type("SHOW JOBS;");
            assertThat(shell.awaitOutput(from, "in set").substring(from))
                    .containsPattern("\\| " + id + " +\\| insert-into_sink +\\| INSERT +\\| RUNNING +\\|");

            from = shell.mark();
            shell.type("STOP JOB '" + id + "';");
            shell.awaitOutput(from, "[INFO] Job " + id + " ('insert-into_sink') CANCELLED.");
            assertThat(server.jobStatuses()).containsEntry(id, "CANCELLED");

            from = shell.mark();
            shell.type("STOP JOB 'nope';");
            assertThat(shell.awaitOutput(from, "Error: No job with id 'nope'")).doesNotContain("\tat ");
        }
    }

    @Test
    void aFailedServerJobIsReportedWhenItHappens() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type(BOUNDED);
            shell.type("CREATE TABLE sink (q BIGINT) WITH ('connector' = 'blackhole');");
            shell.type("INSERT INTO sink SELECT 10 / (id - 3) FROM t;");
            String out = shell.awaitOutput("Job ID: ");
            String id = jobId(shell, out.indexOf("Job ID: "));
            String failure = "[ERROR] Job " + id + " ('insert-into_sink') failed: ";
            out = shell.awaitOutput(failure);
            assertThat(out.substring(out.indexOf(failure))).containsIgnoringCase("division by zero");
        }
    }

    @Test
    void errorsShowTheServersMessageAtTheirPlaceInTheInputWithoutStackTrace() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type(BOUNDED);
            shell.type("SELECT nope FROM t;");
            shell.awaitOutput("<shell>:1:8: Column 'nope' not found in any table\nSELECT nope FROM t;\n       ^");
            // a statement over two lines, the second of two statements on the first line
            int from = shell.mark();
            shell.type("SHOW TABLES; SELECT id,");
            shell.type("  nope2 FROM t;");
            String out = shell.awaitOutput(from, "<shell>:2:3: Column 'nope2' not found in any table");
            assertThat(out.substring(from)).contains("1 row in set");
            // the server's own refusals read as they were written
            from = shell.mark();
            shell.type("CREATE TABLE f (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + home
                    + "', 'format' = 'csv');");
            shell.awaitOutput(from, "Error: CREATE TABLE f: option 'path'");
            // a syntax error is found here, before anything is sent
            from = shell.mark();
            shell.type("SELEC 1;");
            shell.awaitOutput(from, "<shell>:1:1:");
            assertThat(shell.output()).doesNotContain("\tat ", "Exception");
        }
    }

    @Test
    void completesTheServersTablesAndColumns() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type("CREATE TABLE orders (order_id BIGINT) WITH ('connector' = 'datagen');");
            shell.awaitOutput("[INFO] Execute statement succeeded.");
            ParsedLine line = shell.shell().reader().getParser().parse("SELECT * FROM ord", 17, ParseContext.COMPLETE);
            List<Candidate> candidates = new ArrayList<>();
            shell.shell().completer().complete(shell.shell().reader(), line, candidates);
            assertThat(candidates.stream().map(Candidate::value).toList()).contains("orders", "order_id", "SELECT");
        }
    }

    @Test
    void theWeirCommandConnectsWithATokenAndRefusesAWrongOne() throws Exception {
        try (ServeProcess secured = ServeProcess.start(home, "secured", "--token", "s3cret")) {
            Path input = home.resolve("input.sql");
            Files.writeString(input, """
                    CREATE TABLE t (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '3',
                        'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '3');
                    SELECT id * 10 AS x FROM t;
                    SELECT nope FROM t;
                    QUIT;
                    """);
            ChildRun shell = ChildRun.start(List.of("shell", "--endpoint", secured.endpoint(), "--token", "s3cret"),
                    input, home, "shell");
            assertThat(shell.awaitExit(Duration.ofMinutes(2))).as(shell.describe()).isZero();
            assertThat(shell.stdout()).contains("[INFO] Connected to jdbc:weir://" + secured.endpoint())
                    .containsPattern("\\| \\+I \\| 30 +\\|")
                    .contains("Received a total of 3 rows")
                    .contains("<shell>:1:8: Column 'nope' not found in any table")
                    .doesNotContain("\tat ");

            ChildRun wrong = ChildRun.start(List.of("shell", "--endpoint", secured.endpoint(), "--token", "guess"),
                    input, home, "wrong");
            assertThat(wrong.awaitExit(Duration.ofMinutes(1))).as(wrong.describe()).isNotZero();
            assertThat(wrong.stderr()).contains("Authentication failed").doesNotContain("\tat ", "s3cret", "guess");
        }
    }

    private static String jobId(ShellDriver shell, int at) throws InterruptedException {
        String tail = shell.awaitOutput(at, "\n").substring(at);
        Matcher m = JOB_ID.matcher(tail);
        assertThat(m.find()).as(tail).isTrue();
        return m.group(1);
    }
}

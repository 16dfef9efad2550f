package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser.ParseContext;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prompt driven through a JLine dumb terminal in this JVM: live results, jobs, Ctrl-C, completion, history. */
class InteractiveShellIT {
    private static final String BOUNDED = "CREATE TABLE t (id BIGINT, k AS id % 2) WITH ('connector' = 'datagen', "
            + "'number-of-rows' = '4', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '4');";
    private static final String UNBOUNDED = "CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', "
            + "'rows-per-second' = '20', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', "
            + "'fields.id.end' = '1000000');";
    private static final String GROUP_BY = "SELECT k, COUNT(*) AS c FROM t GROUP BY k;";
    private static final Pattern JOB_ID = Pattern.compile("Job ID: ([0-9a-f]{32})");

    @TempDir
    Path home;

    private ShellDriver shell() throws Exception {
        return new ShellDriver(home.resolve(".weir").resolve("history"),
                Map.of("execution.checkpointing.dir", home.resolve("checkpoints").toString()));
    }

    @Test
    void tableauShowsRowsWithTheirChangeKind() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type(BOUNDED);
            shell.type("SELECT id FROM t WHERE id > 2;");
            String out = shell.awaitOutput("Received a total of 2 rows");
            assertThat(out).contains("| op | id                   |")
                    .containsPattern("\\| \\+I \\| 3 +\\|")
                    .containsPattern("\\| \\+I \\| 4 +\\|")
                    .doesNotContainPattern("\\| \\+I \\| 2 +\\|");
        }
    }

    @Test
    void changelogModeShowsRetractionsOfAGroupBy() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type(BOUNDED);
            shell.type("SET 'sql-client.execution.result-mode' = 'changelog';");
            shell.type(GROUP_BY);
            String out = shell.awaitOutput("Received 6 changes");
            assertThat(out).contains("+I[1, 1]", "+I[0, 1]", "-U[1, 1]", "+U[1, 2]", "-U[0, 1]", "+U[0, 2]");
        }
    }

    @Test
    void tableModeShowsTheCurrentResultWithUpdatesApplied() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type(BOUNDED);
            shell.type("SET 'sql-client.execution.result-mode' = 'table';");
            int from = shell.mark();
            shell.type(GROUP_BY);
            String out = shell.awaitOutput(from, "Query finished after 6 changes.").substring(from);
            assertThat(out).containsPattern("\\| 1 +\\| 2 +\\|").containsPattern("\\| 0 +\\| 2 +\\|")
                    .doesNotContainPattern("\\| [01] +\\| 1 +\\|")
                    .contains("2 rows in set");
        }
    }

    @Test
    void insertRunsInTheBackgroundAndStopJobCancelsIt() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type(UNBOUNDED);
            shell.type("CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');");
            shell.type("INSERT INTO sink SELECT id FROM src;");
            String id = awaitJobId(shell);
            assertThat(shell.output()).contains("[INFO] Submitting SQL update statement to the cluster...");

            int from = shell.mark();
            shell.type("SHOW JOBS;");
            assertThat(shell.awaitOutput(from, "1 row in set").substring(from))
                    .containsPattern("\\| " + id + " \\| [^|]+\\| RUNNING +\\|")
                    .contains("last checkpoint").contains("operators");

            from = shell.mark();
            shell.type("STOP JOB '" + id + "';");
            shell.awaitOutput(from, "[INFO] Job " + id);
            assertThat(shell.awaitOutput(from, "CANCELLED.")).isNotNull();

            from = shell.mark();
            shell.type("SHOW JOBS;");
            assertThat(shell.awaitOutput(from, "1 row in set").substring(from))
                    .containsPattern("\\| " + id + " \\| [^|]+\\| CANCELLED +\\|");

            from = shell.mark();
            shell.type("STOP JOB 'nope';");
            assertThat(shell.awaitOutput(from, "Error: No job with id 'nope'")).isNotNull();
        }
    }

    @Test
    void stopWithSavepointThenResumeWritesEveryRowExactlyOnce() throws Exception {
        Path out = home.resolve("out");
        try (ShellDriver shell = shell()) {
            shell.type("CREATE TABLE seq (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '300', "
                    + "'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '900');");
            shell.type("CREATE TABLE files (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + out
                    + "', 'format' = 'csv');");
            shell.type("SET 'pipeline.name' = 'sp-shell';");
            shell.type("SET 'execution.checkpointing.interval' = '200 ms';");
            shell.type("INSERT INTO files SELECT id FROM seq;");
            String id = awaitJobId(shell);
            awaitCommittedFile(out);

            int from = shell.mark();
            shell.type("STOP JOB '" + id + "' WITH SAVEPOINT;");
            String table = shell.awaitOutput(from, "1 row in set").substring(from);
            Matcher m = Pattern.compile("\\| (\\S*savepoint-sp-shell-\\d+) +\\|").matcher(table);
            assertThat(m.find()).as(table).isTrue();
            Path savepoint = Path.of(m.group(1));
            assertThat(savepoint.getParent()).isEqualTo(home.resolve("checkpoints").resolve("savepoints"));
            assertThat(savepoint.resolve("_metadata")).isRegularFile();
            assertThat(committedIds(out)).as("stopped before the end").hasSizeLessThan(900);

            shell.type("SET 'execution.state-recovery.path' = '" + savepoint + "';");
            shell.type("SET 'table.dml-sync' = 'true';");
            from = shell.mark();
            shell.type("INSERT INTO files SELECT id FROM seq;");
            shell.awaitOutput(from, "FINISHED");
        }
        List<Long> ids = committedIds(out);
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 900; i++) {
            expected.add(i);
        }
        assertThat(ids).as("every row once, across the savepoint").isEqualTo(expected);
    }

    private static void awaitCommittedFile(Path dir) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (committedIds(dir).isEmpty()) {
            assertThat(System.nanoTime()).as("a committed file within 30 s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    private static List<Long> committedIds(Path dir) throws Exception {
        List<Long> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        ids.add(Long.parseLong(line.trim()));
                    }
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    @Test
    void aBackgroundJobFailureIsReportedWhenItHappensAndInShowJobs() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type(BOUNDED);
            shell.type("CREATE TABLE sink (q BIGINT) WITH ('connector' = 'blackhole');");
            shell.type("INSERT INTO sink SELECT 10 / (id - 3) FROM t;");
            String id = awaitJobId(shell);
            String failure = "[ERROR] Job " + id + " ('";
            String out = shell.awaitOutput(failure);
            assertThat(out.substring(out.indexOf(failure))).containsIgnoringCase("division by zero");

            int from = shell.mark();
            shell.type("SHOW JOBS;");
            assertThat(shell.awaitOutput(from, "1 row in set").substring(from)).contains("| FAILED: ");
        }
    }

    @Test
    void dmlSyncWaitsForTheInsert() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type(BOUNDED);
            shell.type("CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');");
            shell.type("SET 'table.dml-sync' = 'true';");
            int from = shell.mark();
            shell.type("INSERT INTO sink SELECT id FROM t;");
            assertThat(shell.awaitOutput(from, "rows written: 4").substring(from))
                    .contains("FINISHED").doesNotContain("Job ID:");
        }
    }

    @Test
    void ctrlCCancelsTheRunningQueryAndTheShellGoesOn() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type(UNBOUNDED);
            shell.type("SELECT id FROM src;");
            shell.awaitOutput("| +I | 2 ");
            shell.terminal().raise(Terminal.Signal.INT);
            shell.awaitOutput("Query cancelled, received a total of");

            int from = shell.mark();
            shell.type("SHOW TABLES;");
            assertThat(shell.awaitOutput(from, "1 row in set").substring(from)).contains("| src ");
        }
    }

    @Test
    void completesTableNamesColumnsAndOptionKeys() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type("CREATE TABLE orders (order_id BIGINT) WITH ('connector' = 'datagen');");
            shell.awaitOutput("[INFO] Execute statement succeeded.");

            assertThat(complete(shell, "SELECT * FROM ord")).contains("orders", "order_id", "SELECT");
            assertThat(complete(shell, "CREATE TABLE x (a INT) WITH ('conn"))
                    .contains("'connector'", "'datagen'", "'number-of-rows'", "'path'",
                            "'execution.checkpointing.interval'", "'sql-client.execution.result-mode'")
                    .doesNotContain("'weir-collect'", "SELECT");
        }
    }

    @Test
    void historyIsWrittenToTheHistoryFile() throws Exception {
        Path history = home.resolve(".weir").resolve("history");
        try (ShellDriver shell = shell()) {
            shell.type("SHOW TABLES;");
            shell.awaitOutput("0 rows in set");
        }
        assertThat(Files.readString(history)).contains("SHOW TABLES;");
    }

    @Test
    void errorsShowMessageAndPositionWithoutStackTrace() throws Exception {
        try (ShellDriver shell = shell()) {
            shell.type(BOUNDED);
            shell.type("SELECT nope FROM t;");
            assertThat(shell.awaitOutput("<shell>:1:8: Column 'nope' not found in any table"))
                    .doesNotContain("\tat ");
            shell.type("SET 'sql-client.execution.result-mode' = 'fancy';");
            shell.type("SELECT id FROM t;");
            shell.awaitOutput("Unknown result mode 'fancy'");
        }
    }

    private static String awaitJobId(ShellDriver shell) throws InterruptedException {
        String out = shell.awaitOutput("Job ID: ");
        int at = out.indexOf("Job ID: ");
        // wait for the whole line (32 hex digits and the newline) to arrive
        String tail = shell.awaitOutput(at, "\n").substring(at);
        Matcher m = JOB_ID.matcher(tail);
        assertThat(m.find()).as(tail).isTrue();
        return m.group(1);
    }

    private static List<String> complete(ShellDriver shell, String line) {
        ParsedLine parsed = shell.shell().reader().getParser().parse(line, line.length(), ParseContext.COMPLETE);
        List<Candidate> candidates = new ArrayList<>();
        shell.shell().completer().complete(shell.shell().reader(), parsed, candidates);
        List<String> values = new ArrayList<>();
        for (Candidate c : candidates) {
            values.add(c.value());
        }
        return values;
    }
}

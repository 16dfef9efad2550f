package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weir savepoint JOB [DIR]} and {@code weir stop JOB --savepoint DIR} as child JVMs from the
 * packaged jar against a real {@code weir serve}: the job goes on after the savepoint, and a job
 * resumed from the printed path gives exactly the counts of all its input.
 */
class SavepointCommandIT {
    private static final int ROWS = 16_000;
    private static final int KEYS = 7;
    private static final Pattern CHECKPOINT_ID = Pattern.compile("^#(\\d+) ");

    @TempDir
    static Path serverDir;

    @TempDir
    Path dir;

    private static ServeProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServeProcess.start(serverDir, "serve", "--allow-path", serverDir.toString());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String table(Path out, int rowsPerSecond) {
        return """
                CREATE TABLE gen (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '%d',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '%d');
                CREATE TABLE totals (k BIGINT, n BIGINT, total BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'debezium-json');
                SET 'pipeline.name' = 'sp-cli';
                SET 'execution.checkpointing.interval' = '100 ms';
                """.formatted(rowsPerSecond, ROWS - 1, out);
    }

    private static final String INSERT = "INSERT INTO totals SELECT id % " + KEYS + ", COUNT(*), SUM(id) FROM gen"
            + " GROUP BY id % " + KEYS;

    @Test
    void aSavepointLeavesTheJobRunningAndResumesExactly() throws Exception {
        Path out = serverDir.resolve("out");
        String jobId;
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String sql : table(out, 400).split(";")) {
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
            s.executeUpdate(INSERT);
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                jobId = keys.getString("job_id");
            }
        }
        awaitCheckpointAfter(jobId, 0);

        ChildRun savepointRun = ChildRun.start(List.of("savepoint", jobId, "savepoints", "--endpoint",
                server.endpoint()), null, serverDir, "savepoint");
        assertThat(savepointRun.awaitExit(Duration.ofMinutes(1))).as(savepointRun.describe()).isZero();
        Path savepoint = Path.of(savepointRun.stdout().strip());
        assertThat(savepoint.getParent()).as("DIR, relative to where the command ran")
                .isEqualTo(serverDir.resolve("savepoints").toRealPath());
        assertThat(savepoint.getFileName().toString()).startsWith("savepoint-sp-cli-");
        assertThat(savepoint.resolve("_metadata")).isRegularFile();
        long savepointId = Long.parseLong(savepoint.getFileName().toString().substring("savepoint-sp-cli-".length()));

        // the job goes on: running, and checkpointing after the savepoint
        assertThat(server.jobStatuses()).containsEntry(jobId, "RUNNING");
        awaitCheckpointAfter(jobId, savepointId);

        ChildRun stop = ChildRun.start(List.of("stop", jobId, "--savepoint", serverDir.resolve("final").toString(),
                "--endpoint", server.endpoint()), null, dir, "stop");
        assertThat(stop.awaitExit(Duration.ofMinutes(1))).as(stop.describe()).isZero();
        Path finalSavepoint = Path.of(stop.stdout().strip());
        assertThat(finalSavepoint.getParent()).isEqualTo(serverDir.resolve("final").toRealPath());
        assertThat(finalSavepoint.resolve("_metadata")).isRegularFile();
        server.awaitJobStatus(jobId, "CANCELLED");

        // a second job from the first savepoint: it replaces what the first job committed after it
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String sql : table(out, 100_000).split(";")) {
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
            s.execute("SET 'execution.state-recovery.path' = '" + savepoint + "'");
            s.execute("SET 'table.dml-sync' = 'true'");
            s.executeUpdate(INSERT);
            String resumedId;
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                resumedId = keys.getString("job_id");
            }
            assertThat(server.jobStatuses()).containsEntry(resumedId, "FINISHED");
        }
        assertThat(materialise(visibleLines(out))).isEqualTo(expectedTotals());
    }

    @Test
    void aDirectoryOutsideTheAllowedOnesIsRefused() throws Exception {
        ChildRun run = ChildRun.start(List.of("savepoint", "1", dir.resolve("elsewhere").toString(), "--endpoint",
                server.endpoint()), null, dir, "outside");
        assertThat(run.awaitExit(Duration.ofMinutes(1))).as(run.describe()).isEqualTo(1);
        assertThat(run.stderr()).contains("lies outside the directories this server allows")
                .contains(serverDir.toRealPath().toString()).doesNotContain("\tat ");
        assertThat(dir.resolve("elsewhere")).doesNotExist();

        ChildRun local = ChildRun.start(List.of("savepoint", "1"), null, dir, "local");
        assertThat(local.awaitExit(Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(local.stderr()).contains("weir savepoint needs --endpoint HOST:PORT");
    }

    /** Waits (bounded) until SHOW JOBS names a last checkpoint of job {@code id} numbered above {@code after}. */
    private static void awaitCheckpointAfter(String id, long after) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = server.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SHOW JOBS")) {
                while (rs.next()) {
                    if (rs.getString("job_id").equals(id)) {
                        last = rs.getString("last_checkpoint");
                    }
                }
            }
            Matcher m = CHECKPOINT_ID.matcher(last == null ? "" : last);
            if (m.find() && Long.parseLong(m.group(1)) > after) {
                return;
            }
            LockSupport.parkNanos(50_000_000);
        }
        throw new AssertionError("job " + id + " completed no checkpoint after #" + after + " in 60 s; last: " + last);
    }

    private static Map<String, Integer> expectedTotals() {
        Map<String, Integer> expected = new TreeMap<>();
        for (int k = 0; k < KEYS; k++) {
            long n = 0;
            long total = 0;
            for (long id = k; id < ROWS; id += KEYS) {
                n++;
                total += id;
            }
            expected.put("{\"k\":" + k + ",\"n\":" + n + ",\"total\":" + total + "}", 1);
        }
        return expected;
    }

    private static List<String> visibleLines(Path directory) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }

    /** The table a Debezium changelog leaves: created rows +1, deleted rows -1, rows at 0 gone. */
    private static Map<String, Integer> materialise(List<String> lines) {
        Map<String, Integer> table = new TreeMap<>();
        for (String line : lines) {
            int before = line.indexOf("\"before\":");
            int after = line.indexOf(",\"after\":");
            int op = line.lastIndexOf(",\"op\":");
            if (line.endsWith("\"op\":\"c\"}")) {
                table.merge(line.substring(after + 9, op), 1, Integer::sum);
            } else {
                table.merge(line.substring(before + 9, after), -1, Integer::sum);
            }
        }
        table.values().removeIf(c -> c == 0);
        return table;
    }
}

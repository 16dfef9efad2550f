package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weir.core.config.Configuration;
import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import dev.weir.executor.runtime.LocalJob;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Allowed lateness and CURRENT_WATERMARK end to end: a CSV source with out-of-order and late rows,
 * planned by a session and run as real jobs, printing their changelog.
 */
class AllowedLatenessIT {
    private static final String T = "2023-11-14 22:13:";

    @TempDir
    Path tmp;

    private String source() throws IOException {
        Path csv = tmp.resolve("clicks.csv");
        Files.writeString(csv, String.join("\n",
                "alice," + T + "21", "bob," + T + "22", "alice," + T + "31", "alice," + T + "25",
                "bob," + T + "42", "alice," + T + "27", "carol," + T + "29", "alice," + T + "55",
                "alice," + T + "28") + "\n");
        return "CREATE TABLE clicks (user_id STRING, ts TIMESTAMP(3),\n"
                + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)\n"
                + "  WITH ('connector' = 'filesystem', 'path' = '" + csv + "', 'format' = 'csv');\n";
    }

    /** Runs every statement (each job to its end) and returns what the print sinks wrote. */
    private List<String> run(String backend, String sql) throws Exception {
        Configuration config = Configuration.empty().with("state.checkpoints.dir", tmp.resolve("chk").toString())
                .with("io.tmp.dirs", tmp.resolve("work").toString()).with("state.backend.type", backend);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Script script = new Script("t.sql", sql);
            SqlSession session = new SqlSession(config);
            for (Statement s : ScriptParser.parse(script)) {
                if (session.execute(s, script) instanceof StatementResult.RunJob job) {
                    JobResult result = LocalJob.submit(job.plan(), job.config()).await();
                    assertThat(result.status()).as("failure: %s", result.failureCause())
                            .isEqualTo(JobStatus.FINISHED);
                }
            }
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void lateRowsWithinTheLatenessPrintRetractions(String backend) throws Exception {
        List<String> out = run(backend, source() + "SET 'table.exec.emit.allow-lateness' = '20 s';\n"
                + "SELECT user_id, window_start, window_end, COUNT(*) AS n\n"
                + "FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))\n"
                + "GROUP BY user_id, window_start, window_end;\n");
        String w20 = T + "20.000, " + T + "30.000";
        assertThat(out).containsExactly(
                "+I[alice, " + w20 + ", 1]",
                "+I[bob, " + w20 + ", 1]",
                "-U[alice, " + w20 + ", 1]",
                "+U[alice, " + w20 + ", 2]",
                "+I[alice, " + T + "30.000, " + T + "40.000, 1]",
                "-U[alice, " + w20 + ", 2]",
                "+U[alice, " + w20 + ", 3]",
                "+I[carol, " + w20 + ", 1]",
                "+I[bob, " + T + "40.000, " + T + "50.000, 1]",
                // alice at 28 s comes after the watermark passed 29.999 + 20 s: dropped.
                "+I[alice, " + T + "50.000, 2023-11-14 22:14:00.000, 1]");
    }

    @Test
    void currentWatermarkFiltersAndRoutesLateRows() throws Exception {
        Path late = tmp.resolve("late");
        List<String> out = run("hashmap", source()
                + "CREATE TABLE late_rows (user_id STRING, ts TIMESTAMP(3), wm TIMESTAMP(3))\n"
                + "  WITH ('connector' = 'filesystem', 'path' = '" + late + "', 'format' = 'csv');\n"
                + "SELECT user_id, ts, CURRENT_WATERMARK(ts) AS wm FROM clicks\n"
                + "WHERE CURRENT_WATERMARK(ts) IS NULL OR ts > CURRENT_WATERMARK(ts);\n"
                + "INSERT INTO late_rows SELECT user_id, ts, CURRENT_WATERMARK(ts) FROM clicks\n"
                + "WHERE ts <= CURRENT_WATERMARK(ts);\n");
        // The watermark moves after each row (ts - 1 s), so each row sees the one of the rows before it.
        assertThat(out).containsExactly(
                "+I[alice, " + T + "21.000, null]",
                "+I[bob, " + T + "22.000, " + T + "20.000]",
                "+I[alice, " + T + "31.000, " + T + "21.000]",
                "+I[bob, " + T + "42.000, " + T + "30.000]",
                "+I[alice, " + T + "55.000, " + T + "41.000]");
        List<String> routed = new ArrayList<>();
        try (Stream<Path> files = Files.list(late)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                routed.addAll(Files.readAllLines(f));
            }
        }
        assertThat(routed).containsExactly(
                "alice," + T + "25.000," + T + "30.000",
                "alice," + T + "27.000," + T + "41.000",
                "carol," + T + "29.000," + T + "41.000",
                "alice," + T + "28.000," + T + "54.000");
    }

    /**
     * A job stopped with a savepoint and resumed: the Calc right after the watermark assigner must see
     * the restored watermark from the first row on (not NULL until the watermark next moves), so every
     * row carries the watermark and is filtered exactly as in an uninterrupted run. Every seventh row is
     * 5 s behind (late).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void currentWatermarkAfterARestoreIsTheRestoredWatermark(int parallelism) throws Exception {
        String sql = """
                CREATE TABLE ticks (id BIGINT,
                  ts AS TO_TIMESTAMP_LTZ(1700000000000 + id * 100 - CASE WHEN id %% 7 = 3 THEN 5000 ELSE 0 END, 3),
                  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
                ) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',
                        'fields.id.end' = '2999', 'rows-per-second' = '1500');
                CREATE TABLE on_time (id BIGINT, wm TIMESTAMP_LTZ(3))
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO on_time SELECT id, CURRENT_WATERMARK(ts) FROM ticks
                WHERE CURRENT_WATERMARK(ts) IS NULL OR ts > CURRENT_WATERMARK(ts);
                """;
        Path uninterrupted = tmp.resolve("uninterrupted");
        JobResult whole = submit(sql.formatted(uninterrupted), "uninterrupted", parallelism, null).await();
        assertThat(whole.status()).as("failure: %s", whole.failureCause()).isEqualTo(JobStatus.FINISHED);

        Path resumed = tmp.resolve("resumed");
        JobHandle first = submit(sql.formatted(resumed), "resumed", parallelism, null);
        waitFor(first, () -> first.metrics().rowsRead() >= 600 && first.metrics().completedCheckpoints() > 0);
        Path savepoint = first.stopWithSavepoint().get(60, TimeUnit.SECONDS);
        assertThat(first.await().status()).isEqualTo(JobStatus.CANCELLED);
        JobResult rest = submit(sql.formatted(resumed), "resumed", parallelism, savepoint).await();
        assertThat(rest.status()).as("failure: %s", rest.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(rest.restoredFrom()).as("the second run resumed from the savepoint").isNotNull();

        List<String> expected = visibleLines(uninterrupted);
        long late = IntStream.range(0, 3000).filter(id -> id % 7 == 3).count();
        assertThat(expected).as("the late rows filtered out").hasSize((int) (3000 - late));
        assertThat(visibleLines(resumed)).as("rows and watermarks after the restore as without it")
                .isEqualTo(expected);
    }

    private JobHandle submit(String sql, String name, int parallelism, Path restoreFrom) throws Exception {
        Configuration config = Configuration.empty()
                .with("pipeline.name", name)
                .with("parallelism.default", Integer.toString(parallelism))
                .with("execution.checkpointing.interval", "100 ms")
                .with("execution.checkpointing.dir", tmp.resolve("chk").toString())
                .with("state.savepoints.dir", tmp.resolve("savepoints").toString())
                .with("io.tmp.dirs", tmp.resolve("work").toString());
        if (restoreFrom != null) {
            config = config.with("execution.state-recovery.path", restoreFrom.toString());
        }
        Script script = new Script(name + ".sql", sql);
        SqlSession session = new SqlSession(config);
        JobHandle handle = null;
        for (Statement s : ScriptParser.parse(script)) {
            if (session.execute(s, script) instanceof StatementResult.RunJob job) {
                handle = LocalJob.submit(job.plan(), job.config());
            }
        }
        assertThat(handle).isNotNull();
        return handle;
    }

    private static void waitFor(JobHandle handle, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (handle.await(5, TimeUnit.MILLISECONDS).isPresent() || System.nanoTime() > deadline) {
                fail("job ended or stalled: " + handle.metrics());
            }
        }
    }

    /** The lines of the visible part files under {@code dir}, sorted. */
    private static List<String> visibleLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        lines.sort(null);
        return lines;
    }
}

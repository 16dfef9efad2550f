package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.config.Configuration;
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
import java.util.List;
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
}

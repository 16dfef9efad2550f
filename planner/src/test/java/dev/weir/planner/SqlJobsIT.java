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

/** SQL of the new kinds planned and run as real jobs over real connectors (CSV files, print). */
class SqlJobsIT {
    @TempDir
    Path tmp;

    private String source() throws IOException {
        Path csv = tmp.resolve("bids.csv");
        Files.writeString(csv, String.join("\n",
                "1,a,1,2023-11-14 22:13:21.000",
                "2,a,2,2023-11-14 22:13:26.000",
                "3,b,4,2023-11-14 22:13:27.000",
                "4,a,8,2023-11-14 22:13:41.000") + "\n");
        return "CREATE TABLE bids (id BIGINT, k STRING, v BIGINT, ts TIMESTAMP(3),\n"
                + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)\n"
                + "  WITH ('connector' = 'filesystem', 'path' = '" + csv + "', 'format' = 'csv');\n";
    }

    private Configuration config() {
        return Configuration.empty().with("state.checkpoints.dir", tmp.resolve("chk").toString())
                .with("io.tmp.dirs", tmp.resolve("work").toString());
    }

    /** Executes the script, running every job to its end. */
    private void run(String sql) throws InterruptedException {
        Script script = new Script("t.sql", sql);
        SqlSession session = new SqlSession(config());
        for (Statement s : ScriptParser.parse(script)) {
            if (session.execute(s, script) instanceof StatementResult.RunJob job) {
                JobResult result = LocalJob.submit(job.plan(), job.config()).await();
                assertThat(result.status()).as("failure: %s", result.failureCause()).isEqualTo(JobStatus.FINISHED);
            }
        }
    }

    private static List<String> visibleLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }

    @Test
    void hopAndCumulateWindowsIntoCsv() throws Exception {
        Path hop = tmp.resolve("hop");
        Path cumulate = tmp.resolve("cumulate");
        run(source()
                + "CREATE TABLE hop_out (k STRING, ws TIMESTAMP(3), we TIMESTAMP(3), n BIGINT, total BIGINT)\n"
                + "  WITH ('connector' = 'filesystem', 'path' = '" + hop + "', 'format' = 'csv');\n"
                + "CREATE TABLE cum_out (ws TIMESTAMP(3), we TIMESTAMP(3), n BIGINT, small BIGINT)\n"
                + "  WITH ('connector' = 'filesystem', 'path' = '" + cumulate + "', 'format' = 'csv');\n"
                + "INSERT INTO hop_out SELECT k, window_start, window_end, COUNT(*), SUM(v)\n"
                + "FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))\n"
                + "GROUP BY k, window_start, window_end;\n"
                + "INSERT INTO cum_out SELECT window_start, window_end, COUNT(*), COUNT(*) FILTER (WHERE v < 3)\n"
                + "FROM TABLE(CUMULATE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '30' SECOND))\n"
                + "GROUP BY window_start, window_end;\n");
        assertThat(visibleLines(hop)).containsExactlyInAnyOrder(
                "a,2023-11-14 22:13:15.000,2023-11-14 22:13:25.000,1,1",
                "a,2023-11-14 22:13:20.000,2023-11-14 22:13:30.000,2,3",
                "b,2023-11-14 22:13:20.000,2023-11-14 22:13:30.000,1,4",
                "a,2023-11-14 22:13:25.000,2023-11-14 22:13:35.000,1,2",
                "b,2023-11-14 22:13:25.000,2023-11-14 22:13:35.000,1,4",
                "a,2023-11-14 22:13:35.000,2023-11-14 22:13:45.000,1,8",
                "a,2023-11-14 22:13:40.000,2023-11-14 22:13:50.000,1,8");
        // 22:13:00 is a multiple of 30 s: windows [00, 30), [00, 40)... grow in 10 s steps; then [30, 40) ...
        assertThat(visibleLines(cumulate)).containsExactlyInAnyOrder(
                "2023-11-14 22:13:00.000,2023-11-14 22:13:30.000,3,2",
                "2023-11-14 22:13:30.000,2023-11-14 22:13:50.000,1,0",
                "2023-11-14 22:13:30.000,2023-11-14 22:14:00.000,1,0");
    }

    @Test
    void sessionAndLegacyTumbleWindowsIntoCsv() throws Exception {
        Path sessions = tmp.resolve("sessions");
        Path tumbled = tmp.resolve("tumbled");
        run(source()
                + "CREATE TABLE s_out (k STRING, ws TIMESTAMP(3), we TIMESTAMP(3), n BIGINT, total BIGINT)\n"
                + "  WITH ('connector' = 'filesystem', 'path' = '" + sessions + "', 'format' = 'csv');\n"
                + "CREATE TABLE t_out (k STRING, ws TIMESTAMP(3), n BIGINT)\n"
                + "  WITH ('connector' = 'filesystem', 'path' = '" + tumbled + "', 'format' = 'csv');\n"
                + "INSERT INTO s_out SELECT k, window_start, window_end, COUNT(*), SUM(v)\n"
                + "FROM TABLE(SESSION(TABLE bids PARTITION BY k, DESCRIPTOR(ts), INTERVAL '5' SECOND))\n"
                + "GROUP BY k, window_start, window_end;\n"
                + "INSERT INTO t_out SELECT k, TUMBLE_START(ts, INTERVAL '10' SECOND), COUNT(*)\n"
                + "FROM bids GROUP BY TUMBLE(ts, INTERVAL '10' SECOND), k;\n");
        // a@21 and a@26 touch ([21, 26) and [26, 31)): one session
        assertThat(visibleLines(sessions)).containsExactlyInAnyOrder(
                "a,2023-11-14 22:13:21.000,2023-11-14 22:13:31.000,2,3",
                "b,2023-11-14 22:13:27.000,2023-11-14 22:13:32.000,1,4",
                "a,2023-11-14 22:13:41.000,2023-11-14 22:13:46.000,1,8");
        assertThat(visibleLines(tumbled)).containsExactlyInAnyOrder(
                "a,2023-11-14 22:13:20.000,2", "b,2023-11-14 22:13:20.000,1", "a,2023-11-14 22:13:40.000,1");
    }

    @Test
    void groupByPrintsItsChangelog() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run(source() + "SELECT k, COUNT(*) AS n, SUM(v) AS total FROM bids GROUP BY k;\n");
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "+I[a, 1, 1]", "-U[a, 1, 1]", "+U[a, 2, 3]", "+I[b, 1, 4]", "-U[a, 2, 3]", "+U[a, 3, 11]");
    }
}

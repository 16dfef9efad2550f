package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement set whose window aggregation sends its late rows into a table (LATE_ROWS), and a
 * second INSERT, all into exactly-once file sinks, SIGKILLed at random moments: every sink ends
 * with exactly the rows of a run without failures.
 */
class StatementSetKillStormIT {
    private static final int KILLS = 4;
    private static final long ROWS = 200_000;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    /** Every 1000th row is 5 s behind the others, so it comes after its window fired: late. */
    private static String job(String name, Path checkpoints, Path out) {
        return """
                SET 'pipeline.name' = '%s';
                SET 'execution.checkpointing.interval' = '200 ms';
                SET 'execution.checkpointing.dir' = '%s';
                CREATE TABLE src (
                  id BIGINT,
                  k AS CONCAT('k', CAST(id %% 10 AS STRING)),
                  ts AS TO_TIMESTAMP_LTZ(1700000000000 + id - CASE WHEN id %% 1000 = 999 THEN 5000 ELSE 0 END, 3),
                  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
                ) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',
                        'fields.id.end' = '%d', 'rows-per-second' = '20000');
                CREATE TABLE windows (k STRING, window_start TIMESTAMP(3), n BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                CREATE TABLE late_rows (id BIGINT, k STRING, ts TIMESTAMP_LTZ(3))
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                CREATE TABLE tens (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                EXECUTE STATEMENT SET BEGIN
                INSERT INTO windows
                SELECT /*+ LATE_ROWS('late_rows') */ k, window_start, COUNT(*)
                FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' SECOND))
                GROUP BY k, window_start, window_end;
                INSERT INTO tens SELECT id FROM src WHERE id %% 10 = 0;
                END;
                """.formatted(name, checkpoints, ROWS - 1, out.resolve("windows"), out.resolve("late"),
                out.resolve("tens"));
    }

    private static List<String> sorted(Path outputDir) throws Exception {
        List<String> lines = new ArrayList<>(CrashRecoveryIT.visibleLines(outputDir));
        lines.sort(null);
        return lines;
    }

    @Test
    void everySinkOfTheSetIsExactlyOnceAcrossKills() throws Exception {
        Random random = new Random(KillStormIT.seed("StatementSetKillStormIT"));
        Path expected = dir.resolve("expected");
        ChildRun faultFree = ChildRun.start(ChaosJobs.write(dir.resolve("fault-free.sql"),
                job("set-expected", dir.resolve("chk-expected"), expected)), dir, "fault-free");

        Path actual = dir.resolve("actual");
        Path checkpoints = dir.resolve("chk-actual");
        Path script = ChaosJobs.write(dir.resolve("storm.sql"), job("set-storm", checkpoints, actual));
        KillStorm.Result storm = new KillStorm(script, dir, new CheckpointWatch(checkpoints.resolve("set-storm")),
                random, "storm").run(KILLS);
        assertThat(faultFree.awaitExit(JOB_TIMEOUT)).as(faultFree.describe()).isZero();
        System.out.println("StatementSetKillStormIT: " + storm);

        assertThat(storm.total()).isGreaterThanOrEqualTo(KILLS);
        List<String> late = sorted(expected.resolve("late"));
        // rows 999, 1999, ... arrive 5 s behind: all but those whose window is still open are late
        assertThat(late).hasSizeGreaterThan((int) (ROWS / 1000 / 2))
                .allMatch(line -> line.substring(0, line.indexOf(',')).endsWith("999"));
        assertThat(sorted(expected.resolve("tens"))).hasSize((int) (ROWS / 10));
        for (String sink : List.of("windows", "late", "tens")) {
            assertThat(sorted(actual.resolve(sink))).as("the stormed run's committed " + sink)
                    .isEqualTo(sorted(expected.resolve(sink)));
            assertThat(ChaosJobs.hiddenFiles(actual.resolve(sink))).as("no uncommitted part files in " + sink).isEmpty();
        }
    }
}

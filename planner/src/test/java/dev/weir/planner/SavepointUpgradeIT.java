package dev.weir.planner;

import static dev.weir.planner.ChangelogFiles.materialise;
import static dev.weir.planner.ChangelogFiles.visibleLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weir.core.config.Configuration;
import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobMetrics;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import dev.weir.executor.runtime.LocalJob;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Savepoints end to end from SQL: one taken while the job goes on (it keeps checkpointing and
 * committing) resumes exactly, and one restored into an edited query — a filter after the
 * aggregate, a column computed downstream, another sink — keeps its counts.
 */
class SavepointUpgradeIT {
    private static final int ROWS = 12_000;
    private static final int KEYS = 23;

    @TempDir
    Path tmp;

    private static String source(int rowsPerSecond) {
        return """
                CREATE TABLE gen (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '%d',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '%d');
                """.formatted(rowsPerSecond, ROWS - 1);
    }

    private static String groupJob(Path out, int rowsPerSecond) {
        return source(rowsPerSecond) + """
                CREATE TABLE totals (k BIGINT, n BIGINT, total BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'debezium-json');
                INSERT INTO totals SELECT id %% %d AS k, COUNT(*) AS n, SUM(id) AS total FROM gen GROUP BY id %% %d;
                """.formatted(out, KEYS, KEYS);
    }

    @ParameterizedTest(name = "parallelism {0}, {1}")
    @CsvSource({"1, rocksdb", "2, hashmap"})
    void aSavepointWhileRunningLeavesTheJobRunningAndResumesExactly(int parallelism, String backend)
            throws Exception {
        Path out = tmp.resolve("out");
        JobHandle handle = submit(groupJob(out, 4000), config(parallelism, backend));
        awaitMetrics(handle, m -> m.rowsRead() >= ROWS / 6 && m.completedCheckpoints() >= 1);
        Path target = tmp.resolve("explicit-savepoints");

        Path savepoint = handle.triggerSavepoint(target).get(30, TimeUnit.SECONDS);
        long checkpointsAt = handle.metrics().completedCheckpoints();
        long readAt = handle.metrics().rowsRead();

        assertThat(savepoint.getParent()).isEqualTo(target.toAbsolutePath().normalize());
        // the job goes on: it reads and checkpoints (and so commits) after the savepoint
        awaitMetrics(handle, m -> m.completedCheckpoints() >= checkpointsAt + 2 && m.rowsRead() > readAt);
        handle.cancel();
        assertThat(handle.await().status()).isIn(JobStatus.CANCELLED, JobStatus.FINISHED);

        // resumed from the savepoint, the job replaces what was committed after it
        JobResult resumed = submit(groupJob(out, 100_000), config(parallelism, backend)
                .with("execution.state-recovery.path", savepoint.toString())).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).isEqualTo(savepoint.toString());
        assertThat(resumed.rowsRead()).isLessThan(ROWS);
        assertThat(materialise(visibleLines(out))).isEqualTo(expectedTotals(""));
    }

    @Test
    void aSavepointRestoredIntoAnEditedQueryKeepsItsCounts() throws Exception {
        Path out = tmp.resolve("out");
        JobHandle handle = submit(groupJob(out, 4000), config(1, "rocksdb"));
        awaitMetrics(handle, m -> m.rowsRead() >= ROWS / 4 && m.completedCheckpoints() >= 1);
        Path savepoint = handle.stopWithSavepoint().get(30, TimeUnit.SECONDS);
        assertThat(handle.await().status()).isEqualTo(JobStatus.CANCELLED);
        Map<String, Integer> before = materialise(visibleLines(out));
        assertThat(before).as("the first job committed counts up to the savepoint").hasSize(KEYS);

        // the same aggregate (its columns named as before: the names are part of what it computes);
        // after it a filter on its result, a computed column, and another sink
        Path edited = tmp.resolve("edited");
        String upgraded = source(100_000) + """
                CREATE TABLE even_totals (k BIGINT, n BIGINT, total BIGINT, label STRING)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'debezium-json');
                INSERT INTO even_totals
                SELECT k, n, total, CONCAT('key-', CAST(k AS STRING)) FROM (
                  SELECT id %% %d AS k, COUNT(*) AS n, SUM(id) AS total FROM gen GROUP BY id %% %d
                ) WHERE MOD(total, 2) = 0;
                """.formatted(edited, KEYS, KEYS);
        JobResult resumed = submit(upgraded, config(1, "rocksdb")
                .with("execution.state-recovery.path", savepoint.toString())).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).isEqualTo(savepoint.toString());
        assertThat(resumed.rowsRead()).as("only the rows after the savepoint").isLessThan(ROWS);
        Map<String, Integer> now = materialise(visibleLines(edited));
        Map<String, Integer> finalRows = new TreeMap<>(now);
        finalRows.values().removeIf(count -> count != 1);
        // the counts of all input rows: the savepoint's state continued, not an empty one
        Map<String, Integer> expected = expectedTotals("even");
        assertThat(expected).isNotEmpty().hasSizeLessThan(KEYS);
        assertThat(finalRows).isEqualTo(expected);
    }

    // ---- helpers

    private Configuration config(int parallelism, String backend) {
        return Configuration.empty()
                .with("pipeline.name", "upgrade")
                .with("parallelism.default", Integer.toString(parallelism))
                .with("state.backend.type", backend)
                .with("execution.checkpointing.interval", "50 ms")
                .with("execution.checkpointing.dir", tmp.resolve("checkpoints").toString())
                .with("state.savepoints.dir", tmp.resolve("savepoints").toString())
                .with("io.tmp.dirs", tmp.resolve("work").toString());
    }

    private static JobHandle submit(String sql, Configuration config) {
        Script script = new Script("upgrade.sql", sql);
        SqlSession session = new SqlSession(config);
        JobHandle handle = null;
        for (Statement s : ScriptParser.parse(script)) {
            if (session.execute(s, script) instanceof StatementResult.RunJob job) {
                handle = LocalJob.submit(job.plan(), job.config());
            }
        }
        assertThat(handle).as("the script has a job").isNotNull();
        return handle;
    }

    private static void awaitMetrics(JobHandle handle, Predicate<JobMetrics> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.test(handle.metrics())) {
            if (handle.await(5, TimeUnit.MILLISECONDS).isPresent() || System.nanoTime() > deadline) {
                fail("job ended or stalled: " + handle.metrics());
            }
        }
    }

    /** Per key of all ROWS ids: {@code {"k":…,"n":…,"total":…}} (plus the label, only even totals, for "even"). */
    private static Map<String, Integer> expectedTotals(String variant) {
        Map<String, Integer> expected = new TreeMap<>();
        for (int k = 0; k < KEYS; k++) {
            long n = 0;
            long total = 0;
            for (long id = k; id < ROWS; id += KEYS) {
                n++;
                total += id;
            }
            if (variant.isEmpty()) {
                expected.put("{\"k\":" + k + ",\"n\":" + n + ",\"total\":" + total + "}", 1);
            } else if (total % 2 == 0) {
                expected.put("{\"k\":" + k + ",\"n\":" + n + ",\"total\":" + total + ",\"label\":\"key-" + k + "\"}", 1);
            }
        }
        return expected;
    }
}

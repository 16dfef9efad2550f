package dev.weir.planner;

import static dev.weir.planner.ChangelogFiles.materialise;
import static dev.weir.planner.ChangelogFiles.visibleLines;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rescaling: a job stopped with a savepoint part-way through its input resumes at another
 * parallelism (every pair of 1, 2 and 4, both backends and across them) and its committed output is
 * exactly that of a run without the stop. Window state and timers move with their keys (windows
 * open at the savepoint fire after the restore), the datagen source's rows are neither repeated
 * nor lost, and the filesystem sink's pending files of every old subtask are committed once.
 */
class RescaleIT {
    private static final int ROWS = 12_000;

    @TempDir
    Path tmp;
    /** The fault-free runs' output, computed once for all cases (it does not depend on parallelism). */
    @TempDir
    static Path references;
    private static List<String> windowReference;
    private static Map<String, Integer> groupReference;

    static Stream<Arguments> rescales() {
        List<Arguments> all = new ArrayList<>();
        int[] parallelisms = {1, 2, 4};
        for (int from : parallelisms) {
            for (int to : parallelisms) {
                if (from != to) {
                    all.add(Arguments.of(from, to, "hashmap", "hashmap"));
                    all.add(Arguments.of(from, to, "rocksdb", "rocksdb"));
                }
            }
        }
        all.add(Arguments.of(4, 2, "hashmap", "rocksdb"));
        all.add(Arguments.of(1, 2, "rocksdb", "hashmap"));
        return all.stream();
    }

    private static String source() {
        return """
                CREATE TABLE gen (
                  id BIGINT,
                  u AS CONCAT('u', CAST(id %% 37 AS STRING)),
                  ts AS CAST(TO_TIMESTAMP_LTZ(1700000000000 + id * 20, 3) AS TIMESTAMP(3)),
                  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
                ) WITH ('connector' = 'datagen', 'rows-per-second' = '10000',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '%d');
                """.formatted(ROWS - 1);
    }

    private static String windowJob(Path out) {
        return source() + """
                CREATE TABLE per_window (u STRING, ws TIMESTAMP(3), we TIMESTAMP(3), n BIGINT, total BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO per_window SELECT u, window_start, window_end, COUNT(*), SUM(id)
                FROM TABLE(TUMBLE(TABLE gen, DESCRIPTOR(ts), INTERVAL '5' SECOND))
                GROUP BY u, window_start, window_end;
                """.formatted(out);
    }

    private static String groupJob(Path out) {
        return source() + """
                CREATE TABLE totals (k BIGINT, n BIGINT, total BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'debezium-json');
                INSERT INTO totals SELECT id %% 23, COUNT(*), SUM(id) FROM gen GROUP BY id %% 23;
                """.formatted(out);
    }

    @ParameterizedTest(name = "window aggregate {0} -> {1}, {2} -> {3}")
    @MethodSource("rescales")
    void windowAggregateRescalesWithExactResults(int from, int to, String fromBackend, String toBackend)
            throws Exception {
        Path out = tmp.resolve("out");
        Path savepoint = stopWithSavepoint(windowJob(out), from, fromBackend);
        finish(windowJob(out), to, toBackend, savepoint);
        List<String> expected = windowReference();
        assertThat(expected).hasSize(37 * (ROWS * 20 / 5000));
        assertThat(sorted(visibleLines(out))).isEqualTo(expected);
        assertNoHiddenFiles(out);
    }

    @ParameterizedTest(name = "group aggregate {0} -> {1}, {2} -> {3}")
    @MethodSource("rescales")
    void groupAggregateRescalesWithExactResults(int from, int to, String fromBackend, String toBackend)
            throws Exception {
        String pair = from + ">" + to;
        if (fromBackend.equals(toBackend) && !List.of("1>2", "4>1", "2>4", "4>2").contains(pair)) {
            return; // the window test covers every pair; this one a few in each direction
        }
        Path out = tmp.resolve("out");
        Path savepoint = stopWithSavepoint(groupJob(out), from, fromBackend);
        finish(groupJob(out), to, toBackend, savepoint);
        Map<String, Integer> expected = groupReference();
        assertThat(expected).hasSize(23).allSatisfy((row, count) -> assertThat(count).isEqualTo(1));
        assertThat(materialise(visibleLines(out))).isEqualTo(expected);
        assertNoHiddenFiles(out);
    }

    /** Two sources: each subtask's checkpoint packs both sources' positions, redistributed source by source. */
    private static String unionJob(Path out) {
        return """
                CREATE TABLE gen_a (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '3000',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '%1$d');
                CREATE TABLE gen_b (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '3000',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '100000', 'fields.id.end' = '%2$d');
                CREATE VIEW both_gens AS SELECT id FROM gen_a UNION ALL SELECT id FROM gen_b;
                CREATE TABLE totals (k BIGINT, n BIGINT, total BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%3$s', 'format' = 'debezium-json');
                INSERT INTO totals SELECT id %% 11, COUNT(*), SUM(id) FROM both_gens GROUP BY id %% 11;
                """.formatted(ROWS / 2 - 1, 100000 + ROWS / 2 - 1, out);
    }

    @ParameterizedTest(name = "union of two sources {0} -> {1}, {2}")
    @org.junit.jupiter.params.provider.CsvSource({"2, 1, hashmap", "1, 4, rocksdb", "4, 2, rocksdb"})
    void twoSourcesRescaleWithExactResults(int from, int to, String backend) throws Exception {
        Path out = tmp.resolve("out");
        Path savepoint = stopWithSavepoint(unionJob(out), from, backend, ROWS);
        finish(unionJob(out), to, backend, savepoint, ROWS);
        Map<String, Integer> expected = new TreeMap<>();
        for (int k = 0; k < 11; k++) {
            long n = 0;
            long total = 0;
            for (long id = 0; id < ROWS / 2; id++) {
                if (id % 11 == k) {
                    n++;
                    total += id;
                }
            }
            for (long id = 100000; id < 100000 + ROWS / 2; id++) {
                if (id % 11 == k) {
                    n++;
                    total += id;
                }
            }
            expected.put("{\"k\":" + k + ",\"n\":" + n + ",\"total\":" + total + "}", 1);
        }
        assertThat(materialise(visibleLines(out))).isEqualTo(expected);
        assertNoHiddenFiles(out);
    }

    @org.junit.jupiter.api.Test
    void anotherMaxParallelismIsRefusedNamingTheOneToSet() throws Exception {
        Path out = tmp.resolve("out");
        Path savepoint = stopWithSavepoint(windowJob(out), 2, "rocksdb");
        Configuration config = config(4, "rocksdb").with("pipeline.max-parallelism", "64")
                .with("execution.state-recovery.path", savepoint.toString());
        JobResult result = submit(windowJob(out), config).await();
        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.failureCause()).hasMessageContaining("max parallelism 128 but the job now has 64")
                .hasMessageContaining("set pipeline.max-parallelism back to 128");
    }

    // ---- helpers

    private synchronized List<String> windowReference() throws Exception {
        if (windowReference == null) {
            Path out = references.resolve("window");
            finish(windowJob(out), 1, "hashmap", null);
            windowReference = sorted(visibleLines(out));
        }
        return windowReference;
    }

    private synchronized Map<String, Integer> groupReference() throws Exception {
        if (groupReference == null) {
            Path out = references.resolve("group");
            finish(groupJob(out), 1, "hashmap", null);
            groupReference = materialise(visibleLines(out));
        }
        return groupReference;
    }

    private Configuration config(int parallelism, String backend) {
        return Configuration.empty()
                .with("pipeline.name", "rescale")
                .with("parallelism.default", Integer.toString(parallelism))
                .with("state.backend.type", backend)
                .with("execution.checkpointing.interval", "50 ms")
                .with("execution.checkpointing.dir", tmp.resolve("checkpoints").toString())
                .with("state.savepoints.dir", tmp.resolve("savepoints").toString())
                .with("io.tmp.dirs", tmp.resolve("work").toString());
    }

    private JobHandle submit(String sql, Configuration config) {
        Script script = new Script("rescale.sql", sql);
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

    /** Runs the job until it has read a quarter of its rows and checkpointed, then stops it with a savepoint. */
    private Path stopWithSavepoint(String sql, int parallelism, String backend) throws Exception {
        return stopWithSavepoint(sql, parallelism, backend, ROWS);
    }

    private Path stopWithSavepoint(String sql, int parallelism, String backend, long total) throws Exception {
        JobHandle handle = submit(sql, config(parallelism, backend));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (handle.metrics().rowsRead() < ROWS / 4 || handle.metrics().completedCheckpoints() < 1) {
            if (handle.await(5, TimeUnit.MILLISECONDS).isPresent() || System.nanoTime() > deadline) {
                fail("job ended or stalled before the savepoint: " + handle.metrics());
            }
        }
        Path savepoint = handle.stopWithSavepoint().get(30, TimeUnit.SECONDS);
        JobResult stopped = handle.await();
        assertThat(stopped.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stopped.rowsRead()).as("stopped part-way").isLessThan(total);
        return savepoint;
    }

    private void finish(String sql, int parallelism, String backend, Path savepoint) throws Exception {
        finish(sql, parallelism, backend, savepoint, ROWS);
    }

    private void finish(String sql, int parallelism, String backend, Path savepoint, long total) throws Exception {
        Configuration config = config(parallelism, backend);
        if (savepoint != null) {
            config = config.with("execution.state-recovery.path", savepoint.toString());
        } else {
            config = config.with("pipeline.name", "reference")
                    .with("execution.checkpointing.dir", references.resolve("checkpoints").toString());
        }
        JobResult result = submit(sql, config).await();
        assertThat(result.status()).as("failure: %s", result.failureCause()).isEqualTo(JobStatus.FINISHED);
        if (savepoint != null) {
            assertThat(result.restoredFrom()).isNotNull();
            assertThat(result.rowsRead()).as("the resumed job reads only the rest").isLessThan(total);
        }
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        Collections.sort(copy);
        return copy;
    }

    private static void assertNoHiddenFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith(".")).toList()).isEmpty();
        }
    }
}

package dev.weir.planner;

import static dev.weir.planner.ChangelogFiles.materialise;
import static dev.weir.planner.ChangelogFiles.visibleLines;
import static dev.weir.planner.SavepointRuns.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.config.Configuration;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
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
    private SavepointRuns runs;
    /** The fault-free runs' output, computed once for all cases (it does not depend on parallelism). */
    @TempDir
    static Path references;
    private static List<String> windowReference;
    private static Map<String, Integer> groupReference;

    @BeforeEach
    void setUp() {
        runs = new SavepointRuns(tmp);
    }

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
                ) WITH ('connector' = 'datagen', 'rows-per-second' = '5000',
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
        Path savepoint = runs.stopWithSavepoint(windowJob(out), from, fromBackend, ROWS / 4, ROWS);
        runs.finish(windowJob(out), to, toBackend, savepoint, "rescale", ROWS);
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
        Path savepoint = runs.stopWithSavepoint(groupJob(out), from, fromBackend, ROWS / 4, ROWS);
        runs.finish(groupJob(out), to, toBackend, savepoint, "rescale", ROWS);
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
        Path savepoint = runs.stopWithSavepoint(unionJob(out), from, backend, ROWS / 4, ROWS);
        runs.finish(unionJob(out), to, backend, savepoint, "rescale", ROWS);
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
        Path savepoint = runs.stopWithSavepoint(windowJob(out), 2, "rocksdb", ROWS / 4, ROWS);
        Configuration config = runs.config(4, "rocksdb", "rescale").with("pipeline.max-parallelism", "64")
                .with("execution.state-recovery.path", savepoint.toString());
        JobResult result = SavepointRuns.submit(windowJob(out), config).await();
        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.failureCause()).hasMessageContaining("max parallelism 128 but the job now has 64")
                .hasMessageContaining("set pipeline.max-parallelism back to 128");
    }

    // ---- helpers

    private synchronized List<String> windowReference() throws Exception {
        if (windowReference == null) {
            Path out = references.resolve("window");
            new SavepointRuns(references).finish(windowJob(out), 1, "hashmap", null, "reference", ROWS);
            windowReference = sorted(visibleLines(out));
        }
        return windowReference;
    }

    private synchronized Map<String, Integer> groupReference() throws Exception {
        if (groupReference == null) {
            Path out = references.resolve("group");
            new SavepointRuns(references).finish(groupJob(out), 1, "hashmap", null, "reference", ROWS);
            groupReference = materialise(visibleLines(out));
        }
        return groupReference;
    }

    private static void assertNoHiddenFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith(".")).toList()).isEmpty();
        }
    }
}

package dev.weir.planner;

import static dev.weir.planner.ChangelogFiles.visibleLines;
import static dev.weir.planner.SavepointRuns.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A window join and a window Top-N stopped with a savepoint mid-input resume at another parallelism
 * (and backend) into an append-only csv sink: the committed rows are exactly those of a run without
 * the stop. Windows open at the savepoint are joined (ranked) after the restore, once.
 */
class WindowJoinRescaleIT {
    private static final int ROWS = 6_000;
    /** Rows of both inputs of the join (the Top-N reads only gen_a). */
    private static final int TOTAL = ROWS + ROWS * 2 / 3;

    @TempDir
    Path tmp;
    private SavepointRuns runs;

    @BeforeEach
    void setUp() {
        runs = new SavepointRuns(tmp);
    }

    private static String sources() {
        // Both inputs in event-time order, so no row is late and the result does not depend on timing.
        return """
                CREATE TABLE gen_a (
                  id BIGINT,
                  ts AS CAST(TO_TIMESTAMP_LTZ(1700000000000 + id * 20, 3) AS TIMESTAMP(3)),
                  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
                ) WITH ('connector' = 'datagen', 'rows-per-second' = '4000',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '%1$d');
                CREATE TABLE gen_b (
                  id BIGINT,
                  ts AS CAST(TO_TIMESTAMP_LTZ(1700000000000 + id * 30, 3) AS TIMESTAMP(3)),
                  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
                ) WITH ('connector' = 'datagen', 'rows-per-second' = '3000',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '%2$d');
                """.formatted(ROWS - 1, ROWS * 2 / 3 - 1);
    }

    private static String joinJob(Path out) {
        return sources() + """
                CREATE TABLE joined (a BIGINT, b BIGINT, ws TIMESTAMP(3), we TIMESTAMP(3))
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO joined SELECT A.id, B.id, A.window_start, A.window_end
                FROM (SELECT * FROM TABLE(TUMBLE(TABLE gen_a, DESCRIPTOR(ts), INTERVAL '2' SECOND))) A
                LEFT JOIN (SELECT * FROM TABLE(TUMBLE(TABLE gen_b, DESCRIPTOR(ts), INTERVAL '2' SECOND))) B
                ON A.id %% 13 = B.id %% 13 AND A.window_start = B.window_start AND A.window_end = B.window_end;
                """.formatted(out);
    }

    private static String rankJob(Path out) {
        return sources() + """
                CREATE TABLE ranked (k BIGINT, id BIGINT, ws TIMESTAMP(3), rn BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO ranked SELECT k, id, window_start, rn FROM (
                  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY id DESC) AS rn
                  FROM (SELECT id %% 7 AS k, * FROM TABLE(HOP(TABLE gen_a, DESCRIPTOR(ts), INTERVAL '1' SECOND,
                    INTERVAL '2' SECOND)))
                ) WHERE rn <= 2;
                """.formatted(out);
    }

    @ParameterizedTest(name = "window join {0} -> {1}, {2} -> {3}")
    @CsvSource({"1, 2, rocksdb, rocksdb", "2, 1, hashmap, hashmap", "2, 4, rocksdb, hashmap"})
    void windowJoinRescalesWithExactResults(int from, int to, String fromBackend, String toBackend)
            throws Exception {
        Path reference = tmp.resolve("reference");
        runs.finish(joinJob(reference), 1, "hashmap", null, "reference", TOTAL);
        List<String> expected = sorted(visibleLines(reference));
        // 20 ms and 30 ms apart: 100 and about 67 rows per 2 s window, each left row meets 5 or 6 right rows.
        assertThat(expected).hasSizeGreaterThan(ROWS * 4);
        Path out = tmp.resolve("out");
        Path savepoint = runs.stopWithSavepoint(joinJob(out), from, fromBackend, ROWS / 4, TOTAL);
        runs.finish(joinJob(out), to, toBackend, savepoint, "rescale", TOTAL);
        assertThat(sorted(visibleLines(out))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "window Top-N {0} -> {1}, {2}")
    @CsvSource({"2, 1, rocksdb", "1, 4, hashmap"})
    void windowTopNRescalesWithExactResults(int from, int to, String backend) throws Exception {
        Path reference = tmp.resolve("reference");
        runs.finish(rankJob(reference), 1, "hashmap", null, "reference", ROWS);
        List<String> expected = sorted(visibleLines(reference));
        // 2 rows per key (7) and 1 s-sliding window (one per second of the 120 s of input, plus one).
        assertThat(expected).hasSize(2 * 7 * (ROWS * 20 / 1000 + 1));
        Path out = tmp.resolve("out");
        Path savepoint = runs.stopWithSavepoint(rankJob(out), from, backend, ROWS / 4, ROWS);
        runs.finish(rankJob(out), to, backend, savepoint, "rescale", ROWS);
        assertThat(sorted(visibleLines(out))).isEqualTo(expected);
    }
}

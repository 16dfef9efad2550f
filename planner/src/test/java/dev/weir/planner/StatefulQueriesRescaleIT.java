package dev.weir.planner;

import static dev.weir.planner.ChangelogFiles.materialise;
import static dev.weir.planner.ChangelogFiles.visibleLines;
import static dev.weir.planner.SavepointRuns.sorted;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The newer stateful queries stopped with a savepoint part-way through their input and resumed at
 * another parallelism (and backend) give exactly the output of a run without the stop: a temporal
 * sort (its order included), the SESSION table function without aggregation (sessions open at the
 * savepoint come out after the resume with all their rows), INTERSECT ALL / EXCEPT ALL (whose
 * materialised changelog is the fault-free one), a semi join ({@code IN (SELECT …)}, rows waiting for
 * their first match across the savepoint), an event-time temporal join (orders waiting for the
 * watermark, and versions, across it) and a broadcast LEFT join (broadcast rows copied to every new subtask,
 * the other input's rows moved with their key groups). Each job's fault-free run (parallelism 1, heap backend) is also
 * checked against what its generator's formulas give.
 */
class StatefulQueriesRescaleIT {
    private static final int ROWS = 6_000;
    private static final long EPOCH = 1_700_000_000_000L;
    /** Rows of a session block: 150 rows 20 ms apart, then 1.5 s of silence (more than the 1 s gap). */
    private static final int BLOCK = 150;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @TempDir
    Path tmp;
    /** The fault-free runs' output, one directory per job, each computed once for all cases. */
    @TempDir
    static Path references;
    private static final Set<String> REFERENCES_RUN = new HashSet<>();
    private SavepointRuns runs;

    @BeforeEach
    void setUp() {
        runs = new SavepointRuns(tmp);
    }

    /**
     * Row {@code id} at 20 ms steps, but each run of ten ids permuted ({@code id * 7 mod 10} is a
     * permutation of the last digit): rows up to 180 ms out of order, within the 1 s watermark delay, so
     * none is late and the result does not depend on timing. {@code extra} adds to the time.
     */
    private static String source(String extra) {
        // Datagen grants up to a second's rows at once: at 2000 rows/s the 6000 rows last 3 s, so the
        // stop lands mid-input.
        return """
                CREATE TABLE gen (
                  id BIGINT,
                  k AS MOD(id, 7),
                  ts AS CAST(TO_TIMESTAMP_LTZ(%d + (id - MOD(id, 10) + MOD(id * 7, 10)) * 20 + %s, 3) AS TIMESTAMP(3)),
                  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
                ) WITH ('connector' = 'datagen', 'rows-per-second' = '2000',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '%d');
                """.formatted(EPOCH, extra, ROWS - 1);
    }

    /** The time {@link #source source("0")} gives row {@code id}, in milliseconds. */
    private static long time(long id) {
        return EPOCH + (id - id % 10 + (id * 7) % 10) * 20;
    }

    // ---- temporal sort

    private static String sortJob(Path out) {
        return source("0") + """
                CREATE TABLE sorted (ts TIMESTAMP(3), id BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO sorted SELECT ts, id FROM gen ORDER BY ts;
                """.formatted(out);
    }

    /**
     * A temporal sort runs all rows through one subtask (at any parallelism), so its output is one
     * sequence in time order, cut into part files at checkpoints: each file is a run of that sequence.
     * The resumed job's files, put in the order of their first rows in the fault-free sequence, must
     * give back exactly that sequence: no row lost, repeated or out of place.
     */
    @ParameterizedTest(name = "temporal sort {0} -> {1}, {2} -> {3}")
    @CsvSource({"1, 2, rocksdb, rocksdb", "4, 1, hashmap, hashmap", "2, 4, hashmap, rocksdb"})
    void temporalSortResumesWithExactOrderedResults(int from, int to, String fromBackend, String toBackend)
            throws Exception {
        Path reference = reference("sort", StatefulQueriesRescaleIT::sortJob, ROWS);
        List<String> expected = new ArrayList<>();
        for (Part file : partFiles(reference, Comparator.comparingLong(Part::number))) {
            expected.addAll(file.lines());
        }
        assertThat(expected).isEqualTo(timeOrdered()); // the fault-free run itself sorts

        Path out = tmp.resolve("out");
        Path savepoint = runs.stopWithSavepoint(sortJob(out), from, fromBackend, ROWS / 4, ROWS);
        assertThat(visibleLines(out)).as("rows committed by the stopped run").isNotEmpty()
                .hasSizeLessThan(expected.size());
        runs.finish(sortJob(out), to, toBackend, savepoint, "resumed", ROWS);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < expected.size(); i++) {
            position.put(expected.get(i), i);
        }
        List<Part> files = partFiles(out,
                Comparator.comparingInt(file -> position.getOrDefault(file.lines().get(0), -1)));
        assertThat(files).as("files of the first and the resumed run").hasSizeGreaterThan(1);
        List<String> actual = new ArrayList<>();
        for (Part file : files) {
            actual.addAll(file.lines());
        }
        assertThat(actual).isEqualTo(expected);
    }

    /** The sort's expected output, from the generator's formula: rows by time (all times differ). */
    private static List<String> timeOrdered() {
        List<long[]> rows = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            rows.add(new long[] {time(id), id});
        }
        rows.sort(Comparator.comparingLong(r -> r[0]));
        List<String> lines = new ArrayList<>();
        for (long[] r : rows) {
            lines.add(timestamp(r[0]) + "," + r[1]);
        }
        return lines;
    }

    /** A TIMESTAMP(3) of {@code millis} as the csv format writes it. */
    private static String timestamp(long millis) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000,
                ZoneOffset.UTC).format(TIMESTAMP);
    }

    // ---- SESSION table function

    /** The time {@link #sessionJob} gives row {@code id}, in milliseconds. */
    private static long sessionTime(long id) {
        return time(id) + (id - id % BLOCK) * 10;
    }

    private static String sessionJob(Path out) {
        // Blocks of BLOCK rows, each 1.5 s after the previous one: a key (one row in 7) has a session per block.
        return source("(id - MOD(id, %d)) * 10".formatted(BLOCK)) + """
                CREATE TABLE sessions (k BIGINT, id BIGINT, ws TIMESTAMP(3), we TIMESTAMP(3), wt TIMESTAMP(3))
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO sessions SELECT k, id, window_start, window_end, window_time
                FROM TABLE(SESSION(TABLE gen PARTITION BY k, DESCRIPTOR(ts), INTERVAL '1' SECOND));
                """.formatted(out);
    }

    @ParameterizedTest(name = "SESSION table function {0} -> {1}, {2} -> {3}")
    @CsvSource({"2, 1, rocksdb, rocksdb", "1, 4, hashmap, hashmap", "4, 2, rocksdb, hashmap"})
    void sessionTableFunctionResumesWithExactResults(int from, int to, String fromBackend, String toBackend)
            throws Exception {
        Path reference = reference("session", StatefulQueriesRescaleIT::sessionJob, ROWS);
        List<String> expected = sorted(visibleLines(reference));
        // Each row once, with its key's session in its block: [first row, last row + 1 s), window_time end - 1 ms.
        long[] first = new long[7 * (ROWS / BLOCK)];
        long[] last = new long[first.length];
        Arrays.fill(first, Long.MAX_VALUE);
        for (long id = 0; id < ROWS; id++) {
            int session = (int) (id / BLOCK * 7 + id % 7);
            first[session] = Math.min(first[session], sessionTime(id));
            last[session] = Math.max(last[session], sessionTime(id));
        }
        List<String> computed = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            int session = (int) (id / BLOCK * 7 + id % 7);
            computed.add(id % 7 + "," + id + "," + timestamp(first[session]) + "," + timestamp(last[session] + 1000)
                    + "," + timestamp(last[session] + 999));
        }
        assertThat(expected).isEqualTo(sorted(computed));

        Path out = tmp.resolve("out");
        Path savepoint = runs.stopWithSavepoint(sessionJob(out), from, fromBackend, ROWS / 4, ROWS);
        assertThat(visibleLines(out)).as("rows committed by the stopped run").isNotEmpty()
                .hasSizeLessThan(expected.size());
        runs.finish(sessionJob(out), to, toBackend, savepoint, "resumed", ROWS);
        assertThat(sorted(visibleLines(out))).isEqualTo(expected);
    }

    // ---- INTERSECT ALL / EXCEPT ALL

    /**
     * {@code a}: 6000 rows, v = id mod 1000 (6 copies of each v); {@code b}: 4000 rows, v = id mod 1250
     * (4 copies of v below 250, 3 of the others up to 1249).
     */
    private static String setJob(String operation, Path out) {
        return """
                CREATE TABLE gen_a (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '2000',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '5999');
                CREATE TABLE gen_b (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1400',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '3999');
                CREATE TABLE result (v BIGINT, tag STRING)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'debezium-json');
                INSERT INTO result
                SELECT MOD(id, 1000), CONCAT('t', CAST(MOD(id, 10) AS STRING)) FROM gen_a
                %s
                SELECT MOD(id, 1250), CONCAT('t', CAST(MOD(id, 10) AS STRING)) FROM gen_b;
                """.formatted(out, operation);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}, {3} -> {4}")
    @CsvSource({"INTERSECT ALL, 1, 4, rocksdb, rocksdb", "EXCEPT ALL, 4, 2, hashmap, hashmap",
            "EXCEPT ALL, 2, 1, rocksdb, hashmap", "INTERSECT ALL, 2, 1, hashmap, rocksdb"})
    void setOperationAllResumesWithExactResults(String operation, int from, int to, String fromBackend,
            String toBackend) throws Exception {
        int total = 6000 + 4000;
        Path reference = reference(operation.replace(' ', '-'), out -> setJob(operation, out), total);
        Map<String, Integer> expected = materialise(visibleLines(reference));
        // INTERSECT ALL: min(6, 4) copies of v < 250, min(6, 3) of the rest; EXCEPT ALL: 6 - 4 and 6 - 3.
        Map<String, Integer> computed = new HashMap<>();
        for (int v = 0; v < 1000; v++) {
            int copies = operation.startsWith("INTERSECT") ? (v < 250 ? 4 : 3) : (v < 250 ? 2 : 3);
            computed.put("{\"v\":" + v + ",\"tag\":\"t" + v % 10 + "\"}", copies);
        }
        assertThat(expected).isEqualTo(computed);

        Path out = tmp.resolve("out");
        Path savepoint = runs.stopWithSavepoint(setJob(operation, out), from, fromBackend, total / 4, total);
        assertThat(visibleLines(out)).as("changes committed by the stopped run").isNotEmpty();
        runs.finish(setJob(operation, out), to, toBackend, savepoint, "resumed", total);
        assertThat(materialise(visibleLines(out))).isEqualTo(expected);
    }

    // ---- semi join

    /**
     * {@code a}: 6000 rows, k = id mod 600; {@code b}: 3000 rows, k = 2 * (id div 10), the even keys up to
     * 598, each ten times, one key after the other: rows of {@code a} wait in state until their key's first
     * {@code b} row arrives (many across the savepoint), odd keys never match.
     */
    private static String semiJoinJob(Path out) {
        return """
                CREATE TABLE gen_a (id BIGINT, k AS MOD(id, 600)) WITH ('connector' = 'datagen',
                  'rows-per-second' = '2000', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',
                  'fields.id.end' = '5999');
                CREATE TABLE gen_b (id BIGINT, k AS (id - MOD(id, 10)) / 5) WITH ('connector' = 'datagen',
                  'rows-per-second' = '1000', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',
                  'fields.id.end' = '2999');
                CREATE TABLE matched (id BIGINT, k BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO matched SELECT id, k FROM gen_a WHERE k IN (SELECT k FROM gen_b);
                """.formatted(out);
    }

    @ParameterizedTest(name = "semi join {0} -> {1}, {2} -> {3}")
    @CsvSource({"1, 2, rocksdb, rocksdb", "4, 1, hashmap, hashmap", "2, 4, rocksdb, hashmap"})
    void semiJoinResumesWithExactResults(int from, int to, String fromBackend, String toBackend) throws Exception {
        int total = 6000 + 3000;
        Path reference = reference("semi-join", StatefulQueriesRescaleIT::semiJoinJob, total);
        List<String> expected = sorted(visibleLines(reference));
        List<String> computed = new ArrayList<>();
        for (long id = 0; id < 6000; id++) {
            if (id % 2 == 0) { // k = id mod 600 is even exactly when id is
                computed.add(id + "," + id % 600);
            }
        }
        assertThat(expected).isEqualTo(sorted(computed)); // each matching row once

        Path out = tmp.resolve("out");
        Path savepoint = runs.stopWithSavepoint(semiJoinJob(out), from, fromBackend, total / 4, total);
        assertThat(visibleLines(out)).as("rows committed by the stopped run").isNotEmpty()
                .hasSizeLessThan(expected.size());
        runs.finish(semiJoinJob(out), to, toBackend, savepoint, "resumed", total);
        assertThat(sorted(visibleLines(out))).isEqualTo(expected);
    }

    // ---- event-time temporal join

    /**
     * Orders as in {@link #source}, k = id mod 25; rates: 2000 versions 60 ms apart, k = id mod 20 (keys
     * 20 to 24 have none), v = id, the versioned table a keep-last deduplication view. Each order joins
     * (LEFT) the version of its key valid at its time, once the combined watermark has passed it.
     */
    private static String temporalJoinJob(Path out) {
        return source("0") + """
                CREATE TABLE rates_log (
                  id BIGINT,
                  k AS MOD(id, 20),
                  ts AS CAST(TO_TIMESTAMP_LTZ(%d + id * 60, 3) AS TIMESTAMP(3)),
                  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
                ) WITH ('connector' = 'datagen', 'rows-per-second' = '700',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '1999');
                CREATE VIEW rates AS SELECT k, id AS v, ts FROM (
                  SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC) AS rn FROM rates_log) WHERE rn = 1;
                CREATE TABLE priced (id BIGINT, k BIGINT, v BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO priced SELECT o.id, o.k, r.v
                FROM (SELECT id, MOD(id, 25) AS k, ts FROM gen) AS o
                LEFT JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.k = r.k;
                """.formatted(EPOCH, out);
    }

    @ParameterizedTest(name = "temporal join {0} -> {1}, {2} -> {3}")
    @CsvSource({"2, 1, rocksdb, rocksdb", "1, 4, hashmap, hashmap", "4, 2, hashmap, rocksdb"})
    void temporalJoinResumesWithExactResults(int from, int to, String fromBackend, String toBackend)
            throws Exception {
        int total = ROWS + 2000;
        Path reference = reference("temporal-join", StatefulQueriesRescaleIT::temporalJoinJob, total);
        List<String> expected = sorted(visibleLines(reference));
        List<String> computed = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            long k = id % 25;
            long t = time(id) - EPOCH;
            Long version = null; // the latest rate of key k at or before t: ids k, k + 20, ... at id * 60 ms
            for (long v = k; k < 20 && v < 2000 && v * 60 <= t; v += 20) {
                version = v;
            }
            computed.add(id + "," + k + "," + (version == null ? "" : version));
        }
        assertThat(expected).isEqualTo(sorted(computed));

        Path out = tmp.resolve("out");
        Path savepoint = runs.stopWithSavepoint(temporalJoinJob(out), from, fromBackend, total / 4, total);
        assertThat(visibleLines(out)).as("rows committed by the stopped run").isNotEmpty()
                .hasSizeLessThan(expected.size());
        runs.finish(temporalJoinJob(out), to, toBackend, savepoint, "resumed", total);
        assertThat(sorted(visibleLines(out))).isEqualTo(expected);
    }

    // ---- broadcast join

    /**
     * {@code a}: 6000 rows, v = id mod 100; {@code b}: 300 rows at 100 rows/s, lo = id mod 60, broadcast
     * ({@code /*+ BROADCAST(b) *}{@code /}, by its alias). A LEFT join without an equality: a row of {@code a} with
     * v up to 60 matches the five {@code b} rows of lo = v and of lo = v - 1, most of them arriving after it (its
     * padded row is retracted across the savepoint), a row with v above 60 none (it stays padded).
     */
    private static String broadcastJoinJob(Path out) {
        return """
                CREATE TABLE gen_a (id BIGINT, v AS MOD(id, 100)) WITH ('connector' = 'datagen',
                  'rows-per-second' = '2000', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',
                  'fields.id.end' = '5999');
                CREATE TABLE gen_b (id BIGINT, lo AS MOD(id, 60)) WITH ('connector' = 'datagen',
                  'rows-per-second' = '100', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',
                  'fields.id.end' = '299');
                CREATE TABLE joined (id BIGINT, bid BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'debezium-json');
                INSERT INTO joined SELECT /*+ BROADCAST(b) */ a.id, b.id
                FROM gen_a AS a LEFT JOIN gen_b AS b ON a.v BETWEEN b.lo AND b.lo + 1;
                """.formatted(out);
    }

    @ParameterizedTest(name = "broadcast join {0} -> {1}, {2} -> {3}")
    @CsvSource({"1, 2, rocksdb, rocksdb", "2, 4, hashmap, rocksdb", "4, 1, rocksdb, hashmap"})
    void broadcastJoinResumesWithExactResults(int from, int to, String fromBackend, String toBackend)
            throws Exception {
        int total = 6000 + 300;
        Path reference = reference("broadcast-join", StatefulQueriesRescaleIT::broadcastJoinJob, total);
        Map<String, Integer> expected = materialise(visibleLines(reference));
        Map<String, Integer> computed = new HashMap<>();
        for (long id = 0; id < 6000; id++) {
            long v = id % 100;
            if (v > 60) {
                computed.put("{\"id\":" + id + ",\"bid\":null}", 1);
            }
            for (long bid = 0; v <= 60 && bid < 300; bid++) {
                if (bid % 60 == v || bid % 60 == v - 1) {
                    computed.put("{\"id\":" + id + ",\"bid\":" + bid + "}", 1);
                }
            }
        }
        assertThat(expected).isEqualTo(computed);

        Path out = tmp.resolve("out");
        Path savepoint = runs.stopWithSavepoint(broadcastJoinJob(out), from, fromBackend, total / 4, total);
        assertThat(visibleLines(out)).as("changes committed by the stopped run").isNotEmpty();
        runs.finish(broadcastJoinJob(out), to, toBackend, savepoint, "resumed", total);
        assertThat(materialise(visibleLines(out))).isEqualTo(expected);
    }

    // ---- helpers

    /** The directory the job's fault-free run (parallelism 1, heap backend) wrote, run on first use. */
    private static Path reference(String name, Function<Path, String> job, long totalRows) throws Exception {
        Path out = references.resolve(name);
        synchronized (REFERENCES_RUN) {
            if (!REFERENCES_RUN.contains(name)) {
                new SavepointRuns(references).finish(job.apply(out), 1, "hashmap", null, "reference-" + name,
                        totalRows);
                REFERENCES_RUN.add(name);
            }
        }
        return out;
    }

    /** A visible part file {@code part-LINEAGE-SUBTASK-N.csv}: its name and lines. */
    private record Part(String name, List<String> lines) {
        /** N, the order one writer (one lineage and subtask) wrote its files in. */
        long number() {
            return Long.parseLong(name.substring(name.lastIndexOf('-') + 1, name.lastIndexOf('.')));
        }
    }

    /** The non-empty visible part files of {@code dir}, in the given order. */
    private static List<Part> partFiles(Path dir, Comparator<Part> order) throws IOException {
        List<Part> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                List<String> lines = Files.readAllLines(f);
                if (!lines.isEmpty()) {
                    files.add(new Part(f.getFileName().toString(), lines));
                }
            }
        }
        files.sort(order);
        return files;
    }
}

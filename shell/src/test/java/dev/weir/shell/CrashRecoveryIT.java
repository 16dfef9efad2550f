package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kills a running {@code weir run} child JVM with SIGKILL after it has completed at least two
 * checkpoints, runs the same script again (which resumes from the latest checkpoint), and
 * checks that the committed output equals a run without failures: nothing lost, nothing
 * duplicated.
 */
class CrashRecoveryIT {
    private static final int ROWS = 1_500_000;
    /** Fewer for the join: it keeps about 70 rows per key and input in state and probes them per row. */
    private static final int JOIN_ROWS = 400_000;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "state.backend.type = {0}, parallelism.default = {1}")
    @CsvSource({"hashmap, 1", "rocksdb, 1", "hashmap, 2", "rocksdb, 2", "rocksdb-incremental, 2"})
    void killedJobResumesWithExactlyTheFaultFreeOutput(String backend, int parallelism) throws Exception {
        long seed = System.nanoTime();
        System.out.println("CrashRecoveryIT seed=" + seed + " backend=" + backend + " parallelism=" + parallelism);
        Random random = new Random(seed);
        // Beyond parallelism 1, whether a row is late depends on how the subtasks' watermarks and rows
        // interleave (as in Flink), so there the input stays within the watermark delay of 2 s.
        Path input = writeInput(dir.resolve("events.csv"), random, ROWS, parallelism == 1 ? 3000 : 2000);

        Path expectedOut = dir.resolve("expected");
        ChildRun faultFree = ChildRun.start(script(input, expectedOut, dir.resolve("chk-expected"), backend, parallelism), dir,
                "fault-free");
        assertThat(faultFree.awaitExit(JOB_TIMEOUT)).as(faultFree.describe()).isZero();

        Path actualOut = dir.resolve("actual");
        Path checkpoints = dir.resolve("chk-actual");
        Path crashScript = script(input, actualOut, checkpoints, backend, parallelism);
        ChildRun victim = ChildRun.start(crashScript, dir, "victim");
        // the moment of the crash varies with the seed: after the 2nd or the 3rd completed checkpoint
        waitForCompletedCheckpoints(checkpoints, 2 + random.nextInt(2), victim);
        victim.kill();
        assertThat(visibleLines(actualOut)).as("committed output before the crash is a prefix, not everything")
                .hasSizeLessThan(visibleLines(expectedOut).size());
        if (backend.endsWith(ChaosJobs.INCREMENTAL)) {
            assertThat(checkpoints.resolve("crash-recovery").resolve("shared")).as("incremental: shared table files")
                    .isDirectoryRecursivelyContaining("glob:**.sst");
        }

        ChildRun resumed = ChildRun.start(crashScript, dir, "resumed");
        assertThat(resumed.awaitExit(JOB_TIMEOUT)).as(resumed.describe()).isZero();
        assertThat(resumed.stderr()).as("the second run says it resumes from a checkpoint").containsIgnoringCase("chk-");

        List<String> expected = visibleLines(expectedOut);
        assertThat(expected).hasSizeGreaterThan(1000);
        assertThat(visibleLines(actualOut)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(hiddenFiles(actualOut)).as("no in-progress files left").isEmpty();
    }

    /**
     * A self-join (the table read twice, two sources with their own positions) as an interval join:
     * both inputs' positions and the join's buffered rows and timers come back from the checkpoint.
     * The input stays within the watermark delay, so the result does not depend on how the two
     * sources interleave.
     */
    @ParameterizedTest(name = "state.backend.type = {0}, parallelism.default = {1}")
    @CsvSource({"hashmap, 1", "rocksdb, 2"})
    void killedJoinJobResumesWithExactlyTheFaultFreeOutput(String backend, int parallelism) throws Exception {
        long seed = System.nanoTime();
        System.out.println("CrashRecoveryIT join seed=" + seed + " backend=" + backend + " parallelism=" + parallelism);
        Random random = new Random(seed);
        Path input = writeInput(dir.resolve("events.csv"), random, JOIN_ROWS, 1500);
        String join = """
                CREATE TABLE pairs (a BIGINT, b BIGINT, k STRING) WITH ('connector' = 'filesystem', 'path' = '%s',
                  'format' = 'csv');
                INSERT INTO pairs
                SELECT x.id, y.id, x.k FROM events AS x JOIN events AS y
                  ON x.k = y.k AND y.ts BETWEEN x.ts AND x.ts + INTERVAL '0.020' SECOND;
                """;

        Path expectedOut = dir.resolve("expected");
        ChildRun faultFree = ChildRun.start(script(input, expectedOut, dir.resolve("chk-expected"), backend,
                parallelism, join), dir, "fault-free");
        assertThat(faultFree.awaitExit(JOB_TIMEOUT)).as(faultFree.describe()).isZero();

        Path actualOut = dir.resolve("actual");
        Path checkpoints = dir.resolve("chk-actual");
        Path crashScript = script(input, actualOut, checkpoints, backend, parallelism, join);
        ChildRun victim = ChildRun.start(crashScript, dir, "victim");
        waitForCompletedCheckpoints(checkpoints, 2 + random.nextInt(2), victim);
        victim.kill();
        assertThat(visibleLines(actualOut)).as("committed output before the crash is a prefix, not everything")
                .hasSizeLessThan(visibleLines(expectedOut).size());

        ChildRun resumed = ChildRun.start(crashScript, dir, "resumed");
        assertThat(resumed.awaitExit(JOB_TIMEOUT)).as(resumed.describe()).isZero();
        assertThat(resumed.stderr()).as("the second run says it resumes from a checkpoint").containsIgnoringCase("chk-");

        List<String> expected = sorted(visibleLines(expectedOut));
        assertThat(expected).as("every row joins at least itself").hasSizeGreaterThanOrEqualTo(JOIN_ROWS);
        // Sorted and compared as lists: an any-order comparison of a million lines is quadratic.
        List<String> actual = sorted(visibleLines(actualOut));
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(actual.equals(expected)).as("the resumed output equals the fault-free output").isTrue();
        assertThat(hiddenFiles(actualOut)).as("no in-progress files left").isEmpty();
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new java.util.ArrayList<>(lines);
        java.util.Collections.sort(copy);
        return copy;
    }

    /**
     * Events 1 ms apart over 30 keys, about 1 in 50 shifted back by less than {@code maxShiftMillis}
     * (3 s puts a few beyond the watermark delay of 2 s).
     */
    private static Path writeInput(Path file, Random random, int rows, int maxShiftMillis) throws IOException {
        long base = 1_700_000_000_000L;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < rows; i++) {
                long ts = base + i - (random.nextInt(50) == 0 ? random.nextInt(maxShiftMillis) : 0);
                w.write(i + ",key-" + (i % 30) + "," + (i % 97) + "," + ChildRun.formatTimestamp(ts) + "\n");
            }
        }
        return file;
    }

    private Path script(Path input, Path output, Path checkpoints, String backend, int parallelism)
            throws IOException {
        return script(input, output, checkpoints, backend, parallelism, """
                CREATE TABLE totals (
                  k STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), n BIGINT, s BIGINT, hi INT
                ) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO totals
                SELECT k, window_start, window_end, COUNT(*), SUM(CAST(v AS BIGINT)), MAX(v)
                FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' SECOND))
                GROUP BY k, window_start, window_end;
                """);
    }

    /** The job over {@code events}: {@code query} creates the sink (its path a {@code %s}) and inserts into it. */
    private Path script(Path input, Path output, Path checkpoints, String backend, int parallelism, String query)
            throws IOException {
        String sql = """
                SET 'pipeline.name' = 'crash-recovery';
                SET 'parallelism.default' = '%d';
                SET 'state.backend.type' = '%s';
                SET 'state.backend.incremental' = '%s';
                SET 'execution.checkpointing.interval' = '200 ms';
                SET 'execution.checkpointing.dir' = '%s';
                CREATE TABLE events (
                  id BIGINT, k STRING, v INT, ts TIMESTAMP(3),
                  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
                ) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                """.formatted(parallelism, ChaosJobs.backendType(backend), backend.endsWith(ChaosJobs.INCREMENTAL),
                checkpoints, input) + query.formatted(output);
        Path file = dir.resolve("job-" + output.getFileName() + ".sql");
        Files.writeString(file, sql);
        return file;
    }

    private static void waitForCompletedCheckpoints(Path checkpoints, int count, ChildRun run) throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (completedCheckpoints(checkpoints) >= count) {
                return;
            }
            assertThat(run.isAlive()).as("job ended before %d checkpoints: %s", count, run.describe()).isTrue();
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new AssertionError("no " + count + " completed checkpoints within " + JOB_TIMEOUT);
    }

    /** The highest {@code chk-N} with a {@code _metadata}; lists directories (a walk races with renames). */
    private static long completedCheckpoints(Path root) throws IOException {
        long highest = 0;
        if (!Files.exists(root)) {
            return highest;
        }
        try (Stream<Path> jobs = Files.list(root)) {
            for (Path job : jobs.toList()) {
                try (Stream<Path> checkpoints = Files.list(job)) {
                    for (Path chk : checkpoints.toList()) {
                        String name = chk.getFileName().toString();
                        if (name.startsWith("chk-") && Files.exists(chk.resolve("_metadata"))) {
                            highest = Math.max(highest, Long.parseLong(name.substring(4)));
                        }
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // removed by retention while listing
                }
            }
        }
        return highest;
    }

    static List<String> visibleLines(Path outputDir) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(outputDir)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(outputDir)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }

    private static List<Path> hiddenFiles(Path outputDir) throws IOException {
        try (Stream<Path> files = Files.list(outputDir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}

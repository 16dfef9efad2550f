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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tables with their own parallelism ({@code 'scan.parallelism'}, {@code 'sink.parallelism'}) in jobs at
 * {@code parallelism.default} = 2, into the exactly-once filesystem sink: the committed output equals that
 * of the same job at parallelism 1, through rebalance exchanges (insert-only rows), a hash on the sink's
 * primary key (updating rows), and a stop with savepoint resumed with the same or changed parallelisms.
 */
class TableParallelismIT {
    private static final int ROWS = 8_000;

    @TempDir
    Path tmp;

    /** A datagen source, with {@code scanOptions} appended to its WITH clause. */
    private static String source(String scanOptions) {
        return """
                CREATE TABLE gen (
                  id BIGINT,
                  u AS CONCAT('u', CAST(id %% 29 AS STRING)),
                  ts AS CAST(TO_TIMESTAMP_LTZ(1700000000000 + id * 20, 3) AS TIMESTAMP(3)),
                  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
                ) WITH ('connector' = 'datagen', 'rows-per-second' = '8000',
                  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '%d'%s);
                """.formatted(ROWS - 1, scanOptions);
    }

    /** Insert-only and stateless: source, filter and projection, sink. */
    private static String filterJob(Path out, String scanOptions, String sinkOptions) {
        return source(scanOptions) + """
                CREATE TABLE picked (id BIGINT, u STRING) WITH ('connector' = 'filesystem', 'path' = '%s',
                  'format' = 'csv'%s);
                INSERT INTO picked SELECT id, u FROM gen WHERE id %% 3 <> 1;
                """.formatted(out, sinkOptions);
    }

    /** Insert-only and keyed: source, hash exchange into a window aggregate, sink. */
    private static String windowJob(Path out, String scanOptions, String sinkOptions) {
        return source(scanOptions) + """
                CREATE TABLE per_window (u STRING, ws TIMESTAMP(3), n BIGINT, total BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv'%s);
                INSERT INTO per_window SELECT u, window_start, COUNT(*), SUM(id)
                FROM TABLE(TUMBLE(TABLE gen, DESCRIPTOR(ts), INTERVAL '5' SECOND))
                GROUP BY u, window_start, window_end;
                """.formatted(out, sinkOptions);
    }

    /** Updating: a group aggregate into a changelog sink keyed by its primary key. */
    private static String groupJob(Path out, String scanOptions, String sinkOptions) {
        return source(scanOptions) + """
                CREATE TABLE totals (k BIGINT, n BIGINT, total BIGINT, PRIMARY KEY (k) NOT ENFORCED)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'debezium-json'%s);
                INSERT INTO totals SELECT id %% 17, COUNT(*), SUM(id) FROM gen GROUP BY id %% 17;
                """.formatted(out, sinkOptions);
    }

    @ParameterizedTest(name = "stateless, scan [{0}], sink [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "| , 'sink.parallelism' = '1'",
            "| , 'sink.parallelism' = '3'",
            ", 'scan.parallelism' = '1' |",
            ", 'scan.parallelism' = '1' | , 'sink.parallelism' = '3'"})
    void aStatelessJobWritesWhatItWritesAtParallelismOne(String scan, String sink) throws Exception {
        String scanOptions = scan == null ? "" : scan;
        String sinkOptions = sink == null ? "" : sink;
        Path reference = tmp.resolve("reference");
        run(filterJob(reference, "", ""), config(1, "reference"));
        Path out = tmp.resolve("out");
        JobResult result = run(filterJob(out, scanOptions, sinkOptions), config(2, "job"));
        assertThat(result.completedCheckpoints()).as("exactly-once: the sink commits at checkpoints").isPositive();
        List<String> expected = sorted(visibleLines(reference));
        assertThat(expected).hasSize(ROWS - (ROWS + 1) / 3); // every id but 1, 4, 7, ...
        assertThat(sorted(visibleLines(out))).isEqualTo(expected);
        // the sink ran at its own parallelism, else at its input's (the source's): one writer per subtask
        int sinkParallelism = sinkOptions.isEmpty() ? (scanOptions.isEmpty() ? 2 : 1)
                : Integer.parseInt(sinkOptions.replaceAll("\\D", ""));
        assertThat(writingSubtasks(out)).hasSize(sinkParallelism);
    }

    @ParameterizedTest(name = "window aggregate, scan [{0}], sink [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            ", 'scan.parallelism' = '1' | , 'sink.parallelism' = '1'",
            ", 'scan.parallelism' = '1' | , 'sink.parallelism' = '3'"})
    void aKeyedJobWritesWhatItWritesAtParallelismOne(String scan, String sink) throws Exception {
        Path reference = tmp.resolve("reference");
        run(windowJob(reference, "", ""), config(1, "reference"));
        Path out = tmp.resolve("out");
        run(windowJob(out, scan, sink), config(2, "job"));
        List<String> expected = sorted(visibleLines(reference));
        assertThat(expected).hasSize(29 * (ROWS * 20 / 5000));
        assertThat(sorted(visibleLines(out))).isEqualTo(expected);
    }

    @Test
    void anUpdatingJobIsHashedOnTheSinksPrimaryKey() throws Exception {
        Path reference = tmp.resolve("reference");
        run(groupJob(reference, "", ""), config(1, "reference"));
        Path out = tmp.resolve("out");
        run(groupJob(out, ", 'scan.parallelism' = '1'", ", 'sink.parallelism' = '3'"), config(2, "job"));
        Map<String, Integer> expected = materialise(visibleLines(reference));
        assertThat(expected).hasSize(17);
        assertThat(materialise(visibleLines(out))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "savepoint at default {2}, scan [{0}] sink [{1}], resumed at default {5}, scan [{3}]"
            + " sink [{4}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // the same parallelisms: every operator restores its own subtasks' state, position, committable
            ", 'scan.parallelism' = '1' | , 'sink.parallelism' = '3' | 2 | , 'scan.parallelism' = '1'"
                    + " | , 'sink.parallelism' = '3' | 2",
            // sink.parallelism edited between the savepoint and the resume, and the source back at the default
            ", 'scan.parallelism' = '1' | , 'sink.parallelism' = '3' | 2 | | , 'sink.parallelism' = '1' | 2",
            // from all at the default to a source and sink of their own
            "| | 2 | , 'scan.parallelism' = '1' | , 'sink.parallelism' = '3' | 2",
            // from tables of their own to one thread (every operator at 1), and back to several threads at
            // parallelism.default 1 with only the sink wider
            ", 'scan.parallelism' = '1' | , 'sink.parallelism' = '3' | 2 | | | 1",
            "| | 1 | | , 'sink.parallelism' = '2' | 1"})
    void aSavepointResumesWithTheSameOrChangedTableParallelism(String scan, String sink, int parallelism,
            String resumedScan, String resumedSink, int resumedParallelism) throws Exception {
        Path reference = tmp.resolve("reference");
        run(windowJob(reference, "", ""), config(1, "reference"));
        Path out = tmp.resolve("out");
        Path savepoint = stopWithSavepoint(windowJob(out, orEmpty(scan), orEmpty(sink)), config(parallelism, "job"));
        JobResult resumed = run(windowJob(out, orEmpty(resumedScan), orEmpty(resumedSink)),
                config(resumedParallelism, "job").with("execution.state-recovery.path", savepoint.toString()));
        assertThat(resumed.restoredFrom()).isNotNull();
        assertThat(resumed.rowsRead()).as("the resumed job reads only the rest").isLessThan(ROWS);
        assertThat(sorted(visibleLines(out))).isEqualTo(sorted(visibleLines(reference)));
    }

    @Test
    void aCancelledJobResumesFromItsLatestCheckpointWithAnotherSinkParallelism() throws Exception {
        Path reference = tmp.resolve("reference");
        run(windowJob(reference, "", ""), config(1, "reference"));
        Path out = tmp.resolve("out");
        // a failure without savepoint: rows after the latest checkpoint are written but not committed
        JobHandle handle = submit(windowJob(out, ", 'scan.parallelism' = '1'", ", 'sink.parallelism' = '3'"),
                config(2, "job"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (handle.metrics().rowsRead() < ROWS / 3 || handle.metrics().completedCheckpoints() < 2) {
            if (handle.await(5, TimeUnit.MILLISECONDS).isPresent() || System.nanoTime() > deadline) {
                fail("job ended or stalled before the cancel: " + handle.metrics());
            }
        }
        handle.cancel();
        assertThat(handle.await().status()).isEqualTo(JobStatus.CANCELLED);
        JobResult resumed = run(windowJob(out, ", 'scan.parallelism' = '1'", ", 'sink.parallelism' = '2'"),
                config(2, "job"));
        assertThat(resumed.restoredFrom()).as("resumed from the latest checkpoint").isNotNull();
        assertThat(sorted(visibleLines(out))).isEqualTo(sorted(visibleLines(reference)));
    }

    // ---- helpers

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private Configuration config(int parallelism, String name) {
        return Configuration.empty()
                .with("pipeline.name", name)
                .with("parallelism.default", Integer.toString(parallelism))
                .with("execution.checkpointing.interval", "50 ms")
                .with("execution.checkpointing.dir", tmp.resolve("checkpoints").toString())
                .with("state.savepoints.dir", tmp.resolve("savepoints").toString())
                .with("io.tmp.dirs", tmp.resolve("work").toString());
    }

    private JobHandle submit(String sql, Configuration config) {
        Script script = new Script("parallelism.sql", sql);
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

    private JobResult run(String sql, Configuration config) throws Exception {
        JobResult result = submit(sql, config).await();
        assertThat(result.status()).as("failure: %s", result.failureCause()).isEqualTo(JobStatus.FINISHED);
        return result;
    }

    /** Runs the job until it has read a quarter of its rows and checkpointed, then stops it with a savepoint. */
    private Path stopWithSavepoint(String sql, Configuration config) throws Exception {
        JobHandle handle = submit(sql, config);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (handle.metrics().rowsRead() < ROWS / 4 || handle.metrics().completedCheckpoints() < 1) {
            if (handle.await(5, TimeUnit.MILLISECONDS).isPresent() || System.nanoTime() > deadline) {
                fail("job ended or stalled before the savepoint: " + handle.metrics());
            }
        }
        Path savepoint = handle.stopWithSavepoint().get(30, TimeUnit.SECONDS);
        JobResult stopped = handle.await();
        assertThat(stopped.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stopped.rowsRead()).as("stopped part-way").isLessThan(ROWS);
        return savepoint;
    }

    /** The subtask indices in the names of the visible part files ({@code part-<lineage>-<subtask>-<n>}). */
    private static java.util.Set<String> writingSubtasks(Path dir) throws java.io.IOException {
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("^part-.*-(\\d+)-(\\d+)(\\..*)?$");
        java.util.Set<String> subtasks = new java.util.TreeSet<>();
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path f : files.toList()) {
                java.util.regex.Matcher m = name.matcher(f.getFileName().toString());
                if (m.matches()) {
                    subtasks.add(m.group(1));
                }
            }
        }
        return subtasks;
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        Collections.sort(copy);
        return copy;
    }
}

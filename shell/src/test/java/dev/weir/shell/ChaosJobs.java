package dev.weir.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The jobs and input of the chaos tests. The input is a rate-limited datagen sequence {@code id}
 * (so a run lasts long enough to be killed many times, and a resumed run regenerates exactly the
 * rows after its checkpoint) from which every row gets a key {@code k = 'k' || id % KEYS}, a per-key
 * sequence number {@code seq = id / KEYS + 1} (1, 2, … N for each key) and an event time 1 ms per
 * id. With an even number of keys every key's rows come from one of the two source subtasks, in
 * order, so each key's results are deterministic.
 */
final class ChaosJobs {
    static final int KEYS = 40;
    private static final Pattern PART = Pattern.compile("part-[0-9a-f\\-]{36}-(\\d+)-(\\d+)\\.[a-z]+");

    private ChaosJobs() {
    }

    /** The preamble: job name, parallelism, backend, checkpoints every 200 ms, and the source table {@code src}. */
    static String header(String jobName, int parallelism, String backend, Path checkpoints, long rows,
            long rowsPerSecond) {
        return """
                SET 'pipeline.name' = '%s';
                SET 'parallelism.default' = '%d';
                SET 'state.backend.type' = '%s';
                SET 'state.backend.incremental' = '%s';
                SET 'execution.checkpointing.interval' = '200 ms';
                SET 'execution.checkpointing.dir' = '%s';
                CREATE TABLE src (
                  id BIGINT,
                  k AS CONCAT('k', CAST(id %% %d AS STRING)),
                  seq AS id / %d + 1,
                  ts AS TO_TIMESTAMP_LTZ(1700000000000 + id, 3),
                  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
                ) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',
                        'fields.id.end' = '%d', 'rows-per-second' = '%d');
                """.formatted(jobName, parallelism, backendType(backend), backend.endsWith(INCREMENTAL), checkpoints,
                KEYS, KEYS, rows - 1, rowsPerSecond);
    }

    /** A backend name of the chaos tests with this suffix is that backend with state.backend.incremental on. */
    static final String INCREMENTAL = "-incremental";

    /** The state.backend.type of a chaos-test backend name ({@code rocksdb-incremental} is rocksdb). */
    static String backendType(String backend) {
        return backend.endsWith(INCREMENTAL) ? backend.substring(0, backend.length() - INCREMENTAL.length()) : backend;
    }

    /** A TUMBLE window aggregate per key with the window's count and first and last sequence number, as csv. */
    static String windowJob(Path output) {
        return """
                CREATE TABLE windows (
                  k STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), n BIGINT, lo BIGINT, hi BIGINT
                ) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO windows
                SELECT k, window_start, window_end, COUNT(*), MIN(seq), MAX(seq)
                FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' SECOND))
                GROUP BY k, window_start, window_end;
                """.formatted(output);
    }

    /** A non-windowed GROUP BY per key, its changelog written as debezium-json part files. */
    static String changelogJob(Path output) {
        return """
                CREATE TABLE per_key (k STRING, n BIGINT, hi BIGINT)
                WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'debezium-json');
                INSERT INTO per_key SELECT k, COUNT(*), MAX(seq) FROM src GROUP BY k;
                """.formatted(output);
    }

    /** Every row, unchanged: the per-key sequence checker reads it back. */
    static String passThroughJob(Path output) {
        return """
                CREATE TABLE seqs (k STRING, seq BIGINT)
                WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO seqs SELECT k, seq FROM src;
                """.formatted(output);
    }

    static Path write(Path file, String... parts) throws IOException {
        Files.writeString(file, String.join("", parts));
        return file;
    }

    /**
     * The committed lines of one sink subtask after another, each subtask's part files in the order
     * they were written (by part number), so a key's lines are in the order the job produced them.
     */
    static List<String> linesInWriteOrder(Path outputDir) throws IOException {
        List<Path> parts = new ArrayList<>();
        if (Files.exists(outputDir)) {
            try (Stream<Path> files = Files.list(outputDir)) {
                files.filter(p -> PART.matcher(p.getFileName().toString()).matches()).forEach(parts::add);
            }
        }
        parts.sort(Comparator.comparingLong((Path p) -> partNumber(p, 1)).thenComparingLong(p -> partNumber(p, 2)));
        List<String> lines = new ArrayList<>();
        for (Path p : parts) {
            lines.addAll(Files.readAllLines(p));
        }
        return lines;
    }

    private static long partNumber(Path file, int group) {
        Matcher m = PART.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalStateException(file.toString());
        }
        return Long.parseLong(m.group(group));
    }

    /** Files whose names start with a dot: in-progress or pending part files nobody committed. */
    static List<Path> hiddenFiles(Path outputDir) throws IOException {
        try (Stream<Path> files = Files.list(outputDir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}

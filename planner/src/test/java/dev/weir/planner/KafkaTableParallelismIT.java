package dev.weir.planner;

import static dev.weir.planner.SavepointRuns.sorted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weir.core.config.Configuration;
import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import dev.weir.kafkalocal.LocalKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kafka tables with their own parallelism ({@code 'scan.parallelism'} on a source, {@code 'sink.parallelism'}
 * on a kafka / upsert-kafka sink) against a real broker. A four-partition topic of keyed records is read by
 * 2, 3, 4 or 5 source subtasks (partitions dealt round robin; 3 does not divide 4, 5 leaves a subtask without a
 * partition) at {@code parallelism.default} 1 or 2, and:
 * <ul>
 *   <li>a TUMBLE aggregate into an exactly-once Kafka sink writes what the job writes at parallelism 1, with no
 *       late row (per-partition watermarks, combined over the source subtasks);</li>
 *   <li>in an unbounded read with an empty partition (and, at 5, subtasks without data), windows fire once
 *       {@code table.exec.source.idle-timeout} marks the empty partition and the subtasks without data idle;</li>
 *   <li>an updating GROUP BY into upsert-kafka at {@code sink.parallelism} 3 (hashed on the primary key) leaves
 *       the final table of the run at parallelism 1;</li>
 *   <li>a job stopped with a savepoint at scan.parallelism 2 / sink.parallelism 3 and resumed at 3 / 2 reads each
 *       record once (the partition offsets move to the subtasks that now read them) and commits exactly the
 *       output of a fault-free run;</li>
 *   <li>an upsert-kafka source resumed at scan.parallelism 2 → 3 → 2 keeps each key's last row as the subtask
 *       that read its partition left it, so a GROUP BY over it retracts the right rows.</li>
 * </ul>
 */
class KafkaTableParallelismIT {
    private static final long T0 = 1_700_000_000_000L;
    private static final int PARTITIONS = 4;
    private static final int KEYS = 13;
    /** Records of the shared input topic: 5 ms of event time apart, 30 one-second windows. */
    private static final int ROWS = 6000;

    @TempDir
    static Path brokerDir;
    static LocalKafkaBroker broker;
    static String bootstrap;
    /** The window job's output at parallelism 1, the reference of the parallel runs. */
    static List<String> referenceWindows;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new LocalKafkaBroker();
        bootstrap = broker.start(brokerDir);
        createTopic("events", PARTITIONS);
        produce("events", 0, ROWS);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /**
     * Record {@code i}: key {@code k<i % 13>} (value {@code {"id":i,"k":…}}), in partition {@code (i % 13) % 4}
     * (each key in one partition; partitions of 4, 3, 3 and 3 keys), event time {@code T0 + 5 i} ms as the record
     * timestamp, so each partition's times rise while the partitions interleave.
     */
    private static void produce(String topic, int from, int to) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", "5"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                String k = "k" + (i % KEYS);
                String json = "{\"id\":" + i + ",\"k\":\"" + k + "\"}";
                p.send(new ProducerRecord<>(topic, (i % KEYS) % PARTITIONS, T0 + 5L * i,
                        k.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }

    /** The source table over {@code topic}, bounded or not, with {@code options} appended to its WITH clause. */
    private static String source(String topic, boolean bounded, String options) {
        return """
                CREATE TABLE events (
                  id BIGINT, k STRING,
                  ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
                  WATERMARK FOR ts AS ts
                ) WITH ('connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
                  'scan.startup.mode' = 'earliest-offset', 'format' = 'json'%s%s);
                """.formatted(topic, bootstrap, bounded ? ", 'scan.bounded.mode' = 'latest-offset'" : "", options);
    }

    /** Per key and one-second window: count and sum of ids, into an exactly-once Kafka sink (csv). */
    private static String windowSink(String topic) {
        return """
                CREATE TABLE per_window (k STRING, window_start TIMESTAMP_LTZ(3), n BIGINT, total BIGINT)
                  WITH ('connector' = 'kafka', 'topic' = '%1$s', 'properties.bootstrap.servers' = '%2$s',
                  'format' = 'csv', 'sink.delivery-guarantee' = 'exactly-once',
                  'sink.transactional-id-prefix' = '%1$s');
                """.formatted(topic, bootstrap);
    }

    private static final String WINDOW_INSERT = """
            INSERT INTO per_window SELECT k, window_start, COUNT(*), SUM(id)
            FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' SECOND))
            GROUP BY k, window_start, window_end;
            """;

    /** Per key: count and sum of ids, into an exactly-once upsert-kafka sink keyed by k. */
    private static String upsertSink(String topic, String options) {
        return """
                CREATE TABLE totals (k STRING, n BIGINT, total BIGINT, PRIMARY KEY (k) NOT ENFORCED)
                  WITH ('connector' = 'upsert-kafka', 'topic' = '%1$s', 'properties.bootstrap.servers' = '%2$s',
                  'key.format' = 'json', 'value.format' = 'json', 'sink.delivery-guarantee' = 'exactly-once',
                  'sink.transactional-id-prefix' = '%1$s'%3$s);
                """.formatted(topic, bootstrap, options);
    }

    private static final String TOTALS_INSERT =
            "INSERT INTO totals SELECT k, COUNT(*), SUM(id) FROM events GROUP BY k;\n";

    private List<String> referenceWindows() throws Exception {
        if (referenceWindows == null) {
            new SavepointRuns(tmp).finish(source("events", true, "") + windowSink("windows-reference")
                    + WINDOW_INSERT, 1, "hashmap", null, "reference", ROWS);
            referenceWindows = sorted(committedValues("windows-reference"));
            assertThat(referenceWindows).as("13 keys x 30 windows").hasSize(KEYS * 30);
            long n = 0;
            for (String line : referenceWindows) {
                n += Long.parseLong(line.split(",")[2]);
            }
            assertThat(n).as("every record in one window").isEqualTo(ROWS);
        }
        return referenceWindows;
    }

    @ParameterizedTest(name = "scan.parallelism {0}, parallelism.default {1}")
    @CsvSource({"2, 1", "3, 2", "4, 2", "5, 1"})
    void aWindowAggregateWritesWhatItWritesAtParallelismOne(int scanParallelism, int defaultParallelism)
            throws Exception {
        List<String> expected = referenceWindows();
        String out = "windows-" + scanParallelism + "-" + defaultParallelism;
        // finish(): the job ends, reads each record once and drops no row as late
        JobResult result = new SavepointRuns(tmp).finish(source("events", true,
                        ", 'scan.parallelism' = '" + scanParallelism + "'") + windowSink(out) + WINDOW_INSERT,
                defaultParallelism, "hashmap", null, "job", ROWS);
        assertThat(result.completedCheckpoints()).as("the exactly-once sink commits at checkpoints").isPositive();
        assertThat(sorted(committedValues(out))).isEqualTo(expected);
    }

    @Test
    void anUpdatingAggregateIntoUpsertKafkaAtItsOwnParallelismLeavesTheTableOfParallelismOne() throws Exception {
        createTopic("totals-reference", 2);
        createTopic("totals-parallel", 2);
        SavepointRuns runs = new SavepointRuns(tmp);
        runs.finish(source("events", true, "") + upsertSink("totals-reference", "") + TOTALS_INSERT, 1, "hashmap",
                null, "reference", ROWS);
        Map<String, String> expected = lastValuePerKey("totals-reference");
        assertThat(expected).isEqualTo(expectedTotals(ROWS));

        runs.finish(source("events", true, ", 'scan.parallelism' = '2'")
                + upsertSink("totals-parallel", ", 'sink.parallelism' = '3'") + TOTALS_INSERT, 1, "hashmap", null,
                "job", ROWS);
        assertThat(lastValuePerKey("totals-parallel")).isEqualTo(expected);
    }

    /**
     * Partition 3 of the topic gets no record; the others get three one-second windows of rows. At
     * scan.parallelism 3 subtask 0 reads partitions 0 and 3; at 5 subtask 3 reads only the empty partition and
     * subtask 4 none. With the idle timeout, the empty partition and the subtasks without data stop holding the
     * watermark back, and the first two windows fire while the job still runs.
     */
    @ParameterizedTest(name = "scan.parallelism {0}")
    @CsvSource({"3", "5"})
    void idlePartitionsAndSubtasksDoNotStallTheWindows(int scanParallelism) throws Exception {
        String in = "sparse-" + scanParallelism;
        String out = "sparse-counts-" + scanParallelism;
        createTopic(in, PARTITIONS);
        createTopic(out, 1);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int j = 0; j < 30; j++) {
                for (int partition = 0; partition < 3; partition++) {
                    String json = "{\"id\":" + (j * 3 + partition) + ",\"k\":\"p" + partition + "\"}";
                    p.send(new ProducerRecord<>(in, partition, T0 + j * 100L, null,
                            json.getBytes(StandardCharsets.UTF_8)));
                }
            }
            p.flush();
        }
        // 2 s: well above the time a subtask takes to fetch its first records, so none is idle before it has them
        Configuration config = new SavepointRuns(tmp).config(1, "hashmap", "sparse")
                .with("table.exec.source.idle-timeout", "2 s");
        JobHandle job = SavepointRuns.submit(source(in, false, ", 'scan.parallelism' = '" + scanParallelism + "'")
                + """
                CREATE TABLE counts (window_start TIMESTAMP_LTZ(3), n BIGINT, parts BIGINT)
                  WITH ('connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
                  'format' = 'csv', 'sink.delivery-guarantee' = 'at-least-once');
                INSERT INTO counts SELECT window_start, COUNT(*), COUNT(DISTINCT k)
                FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' SECOND))
                GROUP BY window_start, window_end;
                """.formatted(out, bootstrap), config);
        try {
            List<String> windows = values(out, 2, Duration.ofSeconds(60));
            // the watermark reaches the last rows' time: windows 0 and 1 fire, complete; window 2 stays open
            assertThat(windows).hasSize(2);
            assertThat(windows.get(0)).endsWith(",30,3");
            assertThat(windows.get(1)).endsWith(",30,3");
            assertThat(windows.get(0)).isLessThan(windows.get(1));
            assertThat(job.status().isTerminal()).as("the read is unbounded: the job still runs").isFalse();
            assertThat(job.metrics().rowsRead()).isEqualTo(90);
            assertThat(job.metrics().lateRowsDropped()).isZero();
        } finally {
            job.cancel();
            job.await(30, TimeUnit.SECONDS);
        }
    }

    /**
     * One job with both sinks over a topic filled in two halves: the first half is read at scan.parallelism 2
     * (upsert sink at sink.parallelism 3) and the job stopped with a savepoint; the second half arrives, and the
     * job resumes at scan.parallelism 3 (sink.parallelism 2) to the end of the topic. Each record is read once in
     * all (per scan), and both sinks hold exactly what a fault-free run writes.
     */
    @Test
    void aSavepointAtScanParallelismTwoResumesAtThree() throws Exception {
        createTopic("halves", PARTITIONS);
        createTopic("halves-totals", 2);
        produce("halves", 0, ROWS / 2);
        String first = source("halves", false, ", 'scan.parallelism' = '2'") + windowSink("halves-windows")
                + upsertSink("halves-totals", ", 'sink.parallelism' = '3'")
                + "EXECUTE STATEMENT SET BEGIN\n" + WINDOW_INSERT + TOTALS_INSERT + "END;\n";
        SavepointRuns runs = new SavepointRuns(tmp);
        JobHandle handle = SavepointRuns.submit(first, runs.config(1, "hashmap", "halves"));
        // the statement set scans the topic once per INSERT: rows read count each record twice
        waitFor(handle, () -> handle.metrics().rowsRead() >= 2 * (ROWS / 2));
        long checkpoints = handle.metrics().completedCheckpoints();
        waitFor(handle, () -> handle.metrics().completedCheckpoints() > checkpoints);
        Path savepoint = handle.stopWithSavepoint().get(60, TimeUnit.SECONDS);
        JobResult stopped = handle.await();
        assertThat(stopped.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stopped.rowsRead()).as("the first half, each record once per scan").isEqualTo(2 * (ROWS / 2));

        produce("halves", ROWS / 2, ROWS);
        String resumed = source("halves", true, ", 'scan.parallelism' = '3'") + windowSink("halves-windows")
                + upsertSink("halves-totals", ", 'sink.parallelism' = '2'")
                + "EXECUTE STATEMENT SET BEGIN\n" + WINDOW_INSERT + TOTALS_INSERT + "END;\n";
        JobResult result = SavepointRuns.submit(resumed, runs.config(1, "hashmap", "halves")
                .with("execution.state-recovery.path", savepoint.toString())).await();
        assertThat(result.status()).as("failure: %s", result.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(result.restoredFrom()).isNotNull();
        assertThat(result.rowsRead()).as("the second half, each record once per scan")
                .isEqualTo(2 * (ROWS - ROWS / 2));
        assertThat(result.lateRowsDropped()).isZero();

        // "halves" holds what "events" holds: the fault-free window output is the reference
        assertThat(sorted(committedValues("halves-windows"))).isEqualTo(referenceWindows());
        assertThat(lastValuePerKey("halves-totals")).isEqualTo(expectedTotals(ROWS));
    }

    /**
     * An upsert-kafka source keeps the last row per key of its partitions in its position. Resumed at
     * scan.parallelism 2 → 3 → 2 (every key updated in between): each key's row must come from the subtask that
     * read its partition, never from one that only got a copy at the rescale and kept it while the key moved on,
     * or the updates after the second rescale would retract rows the GROUP BY never had.
     */
    @Test
    void anUpsertSourceRescaledTwiceRetractsTheRowsItLastRead() throws Exception {
        createTopic("states", PARTITIONS);
        createTopic("states-per-group", 1);
        int keys = 12;
        SavepointRuns runs = new SavepointRuns(tmp);
        Path savepoint = null;
        int[] scanParallelism = {2, 3, 2};
        for (int phase = 0; phase < 3; phase++) {
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < keys; i++) {
                    String key = "{\"id\":\"id" + i + "\"}";
                    String value = "{\"id\":\"id" + i + "\",\"grp\":\"g" + (i % 3) + "\",\"v\":"
                            + (phase * 100 + i) + "}";
                    p.send(new ProducerRecord<>("states", i % PARTITIONS, key.getBytes(StandardCharsets.UTF_8),
                            value.getBytes(StandardCharsets.UTF_8)));
                }
                p.flush();
            }
            boolean last = phase == 2;
            String sql = """
                    CREATE TABLE states (id STRING, grp STRING, v BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH (
                      'connector' = 'upsert-kafka', 'topic' = 'states', 'properties.bootstrap.servers' = '%1$s',
                      'key.format' = 'json', 'value.format' = 'json', 'scan.parallelism' = '%2$d'%3$s);
                    """.formatted(bootstrap, scanParallelism[phase],
                            last ? ", 'scan.bounded.mode' = 'latest-offset'" : "")
                    + """
                    CREATE TABLE per_group (grp STRING, n BIGINT, total BIGINT, PRIMARY KEY (grp) NOT ENFORCED) WITH (
                      'connector' = 'upsert-kafka', 'topic' = 'states-per-group', 'properties.bootstrap.servers' = '%s',
                      'key.format' = 'json', 'value.format' = 'json', 'sink.delivery-guarantee' = 'exactly-once',
                      'sink.transactional-id-prefix' = 'states-per-group');
                    INSERT INTO per_group SELECT grp, COUNT(*), SUM(v) FROM states GROUP BY grp;
                    """.formatted(bootstrap);
            Configuration config = runs.config(1, "hashmap", "states");
            if (savepoint != null) {
                config = config.with("execution.state-recovery.path", savepoint.toString());
            }
            JobHandle handle = SavepointRuns.submit(sql, config);
            // phase 0: +I per key; later phases: -U and +U per key
            long changes = phase == 0 ? keys : 2L * keys;
            if (last) {
                JobResult result = handle.await();
                assertThat(result.status()).as("failure: %s", result.failureCause()).isEqualTo(JobStatus.FINISHED);
                assertThat(result.rowsRead()).isEqualTo(changes);
            } else {
                waitFor(handle, () -> handle.metrics().rowsRead() >= changes);
                savepoint = handle.stopWithSavepoint().get(60, TimeUnit.SECONDS);
                JobResult stopped = handle.await();
                assertThat(stopped.status()).isEqualTo(JobStatus.CANCELLED);
                assertThat(stopped.rowsRead()).as("phase %d", phase).isEqualTo(changes);
            }
        }
        Map<String, String> expected = new TreeMap<>();
        for (int g = 0; g < 3; g++) {
            long total = 0;
            for (int i = g; i < keys; i += 3) {
                total += 200 + i;
            }
            expected.put("{\"grp\":\"g" + g + "\"}", "{\"grp\":\"g" + g + "\",\"n\":4,\"total\":" + total + "}");
        }
        assertThat(lastValuePerKey("states-per-group")).isEqualTo(expected);
    }

    // ---- helpers

    /** The upsert sink's final table: {@code {"k":…}} → value JSON, of the records of ids below {@code rows}. */
    private static Map<String, String> expectedTotals(int rows) {
        Map<String, String> expected = new TreeMap<>();
        for (int j = 0; j < KEYS; j++) {
            long n = 0;
            long total = 0;
            for (long id = j; id < rows; id += KEYS) {
                n++;
                total += id;
            }
            expected.put("{\"k\":\"k" + j + "\"}", "{\"k\":\"k" + j + "\",\"n\":" + n + ",\"total\":" + total + "}");
        }
        return expected;
    }

    private static void waitFor(JobHandle handle, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (handle.await(5, TimeUnit.MILLISECONDS).isPresent() || System.nanoTime() > deadline) {
                fail("job ended or stalled: " + handle.metrics());
            }
        }
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** The last committed value per key of an upsert topic (each key lives in one partition). */
    private static Map<String, String> lastValuePerKey(String topic) {
        Map<String, String> table = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : committed(topic)) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                table.remove(key);
            } else {
                table.put(key, new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        return table;
    }

    private static List<String> committedValues(String topic) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : committed(topic)) {
            values.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** Every committed record of {@code topic} (read_committed, up to its end offsets), partition by partition. */
    private static List<ConsumerRecord<byte[], byte[]>> committed(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    fail("could not read the committed records of " + topic + " (open transactions?)");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    records.add(r);
                }
            }
        }
        return records;
    }

    /** Waits up to {@code wait} for {@code count} values of {@code topic}, then polls a little more for extras. */
    private static List<String> values(String topic, int count, Duration wait) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            long deadline = System.nanoTime() + wait.toNanos();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    out.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
                out.add(new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}

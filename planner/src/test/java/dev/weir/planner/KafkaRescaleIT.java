package dev.weir.planner;

import static dev.weir.planner.ChangelogFiles.materialise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weir.core.config.Configuration;
import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import dev.weir.executor.runtime.LocalJob;
import dev.weir.kafkalocal.LocalKafkaBroker;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
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

/**
 * Rescaling against a real broker: a Kafka source over four partitions and an exactly-once Kafka
 * sink, stopped with a savepoint at parallelism 2, resumed at 3, then at 1, with new records
 * arriving in between. Each partition resumes at its offset (no record read twice or skipped) and
 * the sink's transactions of the subtasks that went away are settled: a read_committed reader of
 * the changelog ends with exactly the totals of all records.
 */
class KafkaRescaleIT {
    private static final int PARTITIONS = 4;
    private static final int KEYS = 13;

    @TempDir
    static Path brokerDir;
    static LocalKafkaBroker broker;
    static String bootstrap;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new LocalKafkaBroker();
        bootstrap = broker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private String script() {
        return """
                CREATE TABLE events (id BIGINT, k STRING)
                  WITH ('connector' = 'kafka', 'topic' = 'events', 'properties.bootstrap.servers' = '%1$s',
                  'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
                CREATE TABLE totals (k STRING, n BIGINT, total BIGINT)
                  WITH ('connector' = 'kafka', 'topic' = 'totals', 'properties.bootstrap.servers' = '%1$s',
                  'format' = 'debezium-json', 'sink.delivery-guarantee' = 'exactly-once',
                  'sink.transactional-id-prefix' = 'rescale-it');
                INSERT INTO totals SELECT k, COUNT(*), SUM(id) FROM events GROUP BY k;
                """.formatted(bootstrap);
    }

    @Test
    void partitionsAndTransactionsMoveToTheNewSubtasks() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("events", PARTITIONS, (short) 1),
                    new NewTopic("totals", 2, (short) 1))).all().get();
        }
        produce(0, 2000);
        Path savepoint = runUntilReadThenSavepoint(2, null, 2000);
        produce(2000, 3000);
        savepoint = runUntilReadThenSavepoint(3, savepoint, 1000);
        produce(3000, 3600);
        runUntilReadThenSavepoint(1, savepoint, 600);

        Map<String, String> expected = new TreeMap<>();
        for (int j = 0; j < KEYS; j++) {
            long n = 0;
            long total = 0;
            for (long id = j; id < 3600; id += KEYS) {
                n++;
                total += id;
            }
            expected.put("{\"k\":\"k" + j + "\",\"n\":" + n + ",\"total\":" + total + "}", "1");
        }
        Map<String, Integer> table = materialise(committedValues("totals"));
        Map<String, String> actual = new TreeMap<>();
        table.forEach((row, count) -> actual.put(row, count.toString()));
        assertThat(actual).isEqualTo(expected);
    }

    private void produce(int from, int to) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                String json = "{\"id\":" + i + ",\"k\":\"k" + (i % KEYS) + "\"}";
                p.send(new ProducerRecord<>("events", i % PARTITIONS, null, json.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** Runs the job until it has read exactly {@code rows} records and checkpointed after that, then stops it. */
    private Path runUntilReadThenSavepoint(int parallelism, Path restoreFrom, long rows) throws Exception {
        Configuration config = Configuration.empty()
                .with("pipeline.name", "kafka-rescale")
                .with("parallelism.default", Integer.toString(parallelism))
                .with("execution.checkpointing.interval", "100 ms")
                .with("execution.checkpointing.dir", tmp.resolve("checkpoints").toString())
                .with("state.savepoints.dir", tmp.resolve("savepoints").toString())
                .with("io.tmp.dirs", tmp.resolve("work").toString());
        if (restoreFrom != null) {
            config = config.with("execution.state-recovery.path", restoreFrom.toString());
        }
        Script script = new Script("kafka-rescale.sql", script());
        SqlSession session = new SqlSession(config);
        JobHandle handle = null;
        for (Statement s : ScriptParser.parse(script)) {
            if (session.execute(s, script) instanceof StatementResult.RunJob job) {
                handle = LocalJob.submit(job.plan(), job.config());
            }
        }
        JobHandle h = handle;
        assertThat(h).isNotNull();
        waitFor(h, () -> h.metrics().rowsRead() >= rows);
        long checkpoints = h.metrics().completedCheckpoints();
        waitFor(h, () -> h.metrics().completedCheckpoints() > checkpoints);
        Path savepoint = h.stopWithSavepoint().get(60, TimeUnit.SECONDS);
        JobResult stopped = h.await();
        assertThat(stopped.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stopped.rowsRead()).as("each record read once, at parallelism %d", parallelism).isEqualTo(rows);
        return savepoint;
    }

    private static void waitFor(JobHandle handle, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (handle.await(5, TimeUnit.MILLISECONDS).isPresent() || System.nanoTime() > deadline) {
                fail("job ended or stalled: " + handle.metrics());
            }
        }
    }

    /** Every committed record value of {@code topic}, partition by partition. */
    private static List<String> committedValues(String topic) {
        List<String> values = new ArrayList<>();
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
                    fail("could not read the committed records of " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}

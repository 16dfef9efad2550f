package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.kafkalocal.LocalKafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka end to end through {@code weir run}: a topic of JSON events → TUMBLE window counts →
 * another topic, exactly-once. The job is killed with SIGKILL after two or more completed
 * checkpoints and run again; a read_committed consumer must then see exactly the output of a
 * run without the failure.
 */
class KafkaIT {
    private static final int ROWS = 200_000;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path brokerDir;
    static LocalKafkaBroker broker;
    static String bootstrap;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new LocalKafkaBroker();
        bootstrap = broker.start(brokerDir);
        long base = 1_700_000_000_000L;
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", "20", "batch.size", "262144"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < ROWS; i++) {
                String json = "{\"id\":" + i + ",\"k\":\"key-" + (i % 30) + "\",\"v\":" + (i % 97) + ",\"ts\":\""
                        + ChildRun.formatTimestamp(base + i) + "\"}";
                p.send(new ProducerRecord<>("events", json.getBytes(StandardCharsets.UTF_8)));
            }
            p.send(new ProducerRecord<>("events", "not json".getBytes(StandardCharsets.UTF_8)));
            p.flush();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void killedJobResumesWithExactlyTheFaultFreeOutput() throws Exception {
        long start = System.nanoTime();
        ChildRun faultFree = ChildRun.start(script("expected", dir.resolve("chk-expected")), dir, "fault-free");
        assertThat(faultFree.awaitExit(JOB_TIMEOUT)).as(faultFree.describe()).isZero();
        System.out.println("KafkaIT fault-free run took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                + " ms; stderr:\n" + faultFree.stderr());
        assertThat(faultFree.stderr()).as("the malformed record is skipped and counted")
                .contains("skipped 1 malformed records");

        Path checkpoints = dir.resolve("chk-actual");
        Path crashScript = script("actual", checkpoints);
        ChildRun victim = ChildRun.start(crashScript, dir, "victim");
        waitForCompletedCheckpoints(checkpoints, 2, victim);
        victim.kill();

        ChildRun resumed = ChildRun.start(crashScript, dir, "resumed");
        assertThat(resumed.awaitExit(JOB_TIMEOUT)).as(resumed.describe()).isZero();
        assertThat(resumed.stderr()).as("the second run resumes from a checkpoint").containsIgnoringCase("chk-");

        List<String> expected = readCommitted("expected");
        // 200 one-second windows × 30 keys
        assertThat(expected).hasSize(200 * 30);
        assertThat(readCommitted("actual")).containsExactlyInAnyOrderElementsOf(expected);
    }

    private Path script(String outTopic, Path checkpoints) throws IOException {
        String sql = """
                SET 'pipeline.name' = 'kafka-%s';
                SET 'execution.checkpointing.interval' = '200 ms';
                SET 'execution.checkpointing.dir' = '%s';
                CREATE TABLE events (
                  id BIGINT, k STRING, v INT, ts TIMESTAMP(3),
                  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
                ) WITH ('connector' = 'kafka', 'topic' = 'events', 'properties.bootstrap.servers' = '%s',
                  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
                  'format' = 'json', 'json.ignore-parse-errors' = 'true');
                CREATE TABLE totals (
                  k STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), n BIGINT, s BIGINT
                ) WITH ('connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
                  'format' = 'csv', 'sink.delivery-guarantee' = 'exactly-once',
                  'sink.transactional-id-prefix' = 'weir-it-%s');
                INSERT INTO totals
                SELECT k, window_start, window_end, COUNT(*), SUM(CAST(v AS BIGINT))
                FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' SECOND))
                GROUP BY k, window_start, window_end;
                """.formatted(outTopic, checkpoints, bootstrap, outTopic, bootstrap, outTopic);
        Path file = dir.resolve("job-" + outTopic + ".sql");
        Files.writeString(file, sql);
        return file;
    }

    private static List<String> readCommitted(String topic) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            c.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !reached(c, end)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    out.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
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

    /** The highest checkpoint id with a _metadata file; only directories are listed (temp files come and go). */
    private static long completedCheckpoints(Path root) throws IOException {
        Path jobDir = root.resolve("kafka-actual");
        if (!Files.isDirectory(jobDir)) {
            return 0;
        }
        long max = 0;
        try (Stream<Path> dirs = Files.list(jobDir)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (name.startsWith("chk-") && Files.exists(d.resolve("_metadata"))) {
                    max = Math.max(max, Long.parseLong(name.substring(4)));
                }
            }
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
            return max; // a checkpoint directory was removed by retention while listing: ask again
        }
        return max;
    }
}

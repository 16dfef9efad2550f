package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.kafkalocal.LocalKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * Kafka exactly-once under a kill -9 storm: parallelism-2 {@code weir run} jobs read a 4-partition
 * topic (bounded: {@code scan.bounded.mode} = {@code latest-offset}) and write into an exactly-once
 * Kafka sink, checkpointing every 200 ms, while they are SIGKILLed at {@value #KILLS} random moments
 * ({@link KillStorm}: while starting, between checkpoints, while a checkpoint is written, right after
 * its {@code _metadata} appears) and resumed each time. A {@code read_committed} consumer must then
 * see exactly the output of a run without failures — nothing twice, nothing missing, no row of an
 * aborted transaction — and no transaction of the sink may be left open (the last stable offset of
 * every output partition is its end offset).
 *
 * <p>The source is throttled on the broker side (each fetch waits {@code fetch.max.wait.ms} for more
 * bytes than a partition may return), so a job lasts long enough to be killed many times; a run is
 * killed (but at startup) only once it has read and checkpointed rows ({@link ReadProgress}), so the
 * kills land while transactions carry data. The second test sends every row with its per-key sequence
 * number through a keyed exactly-once sink and checks each key's sequence (lost = duplicated = 0). Seeds and
 * options as for {@link KillStormIT}: {@code -Dweir.chaos.seed=N}, {@code -Dweir.chaos.kills=N},
 * {@code -Dweir.chaos.backend=hashmap|rocksdb}.
 */
class KafkaKillStormIT {
    static final int KILLS = 10;
    private static final int PARTITIONS = 4;
    private static final int OUTPUT_PARTITIONS = 2;
    private static final String INPUT = "storm-in";
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    /** Input rows: a job of about 20 s at the throttled rate (about 5,000 rows/s), more for longer storms. */
    private static final long ROWS_AT_LEAST = 100_000;
    private static final long ROWS_PER_KILL = 10_000;
    /**
     * The throttle: the producer writes batches of at most this size, a fetch returns at most this much
     * per partition and waits {@link #FETCH_WAIT_MS} for a minimum it can never reach.
     */
    private static final int BATCH_BYTES = 4096;
    private static final int FETCH_WAIT_MS = 100;

    @TempDir
    static Path brokerDir;
    static LocalKafkaBroker broker;
    static String bootstrap;
    static long rows;

    @TempDir
    Path dir;

    static int kills() {
        return Integer.getInteger("weir.chaos.kills", KILLS);
    }

    @BeforeAll
    static void startBrokerAndProduceTheInput() throws Exception {
        broker = new LocalKafkaBroker();
        bootstrap = broker.start(brokerDir);
        rows = Math.max(ROWS_AT_LEAST, kills() * ROWS_PER_KILL) / ChaosJobs.KEYS * ChaosJobs.KEYS;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>(List.of(new NewTopic(INPUT, PARTITIONS, (short) 1)));
            for (String out : List.of("windows-expected", "windows-storm", "seqs-storm")) {
                topics.add(new NewTopic(out, OUTPUT_PARTITIONS, (short) 1));
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
        // small batches: the throttled source gets about one batch per partition and fetch
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", "20", "batch.size", String.valueOf(BATCH_BYTES)), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long id = 0; id < rows; id++) {
                // a key's rows all go to one partition, in sequence order: each key's results are deterministic
                int partition = (int) (id % ChaosJobs.KEYS % PARTITIONS);
                p.send(new ProducerRecord<>(INPUT, partition, null,
                        ("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /** The source table {@code src} over the input topic (as {@link ChaosJobs#header}'s, from Kafka), with the job's settings. */
    private static String header(String jobName, String backend, Path checkpoints) {
        return """
                SET 'pipeline.name' = '%s';
                SET 'parallelism.default' = '2';
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
                ) WITH ('connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
                  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset', 'format' = 'json',
                  'properties.group.id' = '%s',
                  'properties.fetch.min.bytes' = '100000000', 'properties.fetch.max.wait.ms' = '%d',
                  'properties.max.partition.fetch.bytes' = '%d');
                """.formatted(jobName, ChaosJobs.backendType(backend), backend.endsWith(ChaosJobs.INCREMENTAL),
                checkpoints, ChaosJobs.KEYS, ChaosJobs.KEYS, INPUT, bootstrap, jobName, FETCH_WAIT_MS, BATCH_BYTES);
    }

    /** An exactly-once Kafka sink {@code name} writing csv into {@code topic}, its transactional ids starting with {@code topic}. */
    private static String sink(String name, String columns, String topic, String extraOptions) {
        return """
                CREATE TABLE %s (%s) WITH ('connector' = 'kafka', 'topic' = '%s',
                  'properties.bootstrap.servers' = '%s', 'sink.delivery-guarantee' = 'exactly-once',
                  'sink.transactional-id-prefix' = '%s'%s);
                """.formatted(name, columns, topic, bootstrap, topic, extraOptions);
    }

    private static String windowJob(String topic) {
        return sink("windows", "k STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), n BIGINT, lo BIGINT, hi BIGINT",
                topic, ", 'format' = 'csv'") + """
                INSERT INTO windows
                SELECT k, window_start, window_end, COUNT(*), MIN(seq), MAX(seq)
                FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' SECOND))
                GROUP BY k, window_start, window_end;
                """;
    }

    @Test
    void windowAggregateIntoTheExactlyOnceKafkaSink() throws Exception {
        Random random = new Random(KillStormIT.seed("KafkaKillStormIT.window"));
        String backend = KillStormIT.backend("rocksdb");
        ChildRun faultFree = ChildRun.start(ChaosJobs.write(dir.resolve("fault-free.sql"),
                header("kafka-window-expected", backend, dir.resolve("chk-expected")), windowJob("windows-expected")),
                dir, "fault-free");

        Path checkpoints = dir.resolve("chk-storm");
        Path script = ChaosJobs.write(dir.resolve("storm.sql"), header("kafka-window", backend, checkpoints),
                windowJob("windows-storm"));
        KillStorm.Result storm;
        try (ReadProgress progress = new ReadProgress("kafka-window")) {
            storm = new KillStorm(script, dir, new CheckpointWatch(checkpoints.resolve("kafka-window")), random, "storm",
                    progress).run(kills());
        }
        assertThat(faultFree.awaitExit(JOB_TIMEOUT)).as(faultFree.describe()).isZero();

        List<String> expected = sorted(readCommitted("windows-expected"));
        List<String> actual = sorted(readCommitted("windows-storm"));
        SequenceChecker.Figures figures = SequenceChecker.checkWindows(actual, rows / ChaosJobs.KEYS, ChaosJobs.KEYS);
        System.out.println("KafkaKillStormIT.window (" + backend + "): " + storm + " windows=" + actual.size() + " "
                + figures + "; fault-free: " + finishedLine(faultFree));
        assertThat(storm.total()).isGreaterThanOrEqualTo(kills());
        assertThat(expected).hasSize((int) (ChaosJobs.KEYS * (rows / 1000)));
        assertThat(actual).as("the stormed run's committed windows").isEqualTo(expected);
        assertThat(figures.lost()).isZero();
        assertThat(figures.duplicated()).isZero();
        assertNoTransactionLeftOpen("windows-storm");
    }

    @Test
    void everyKeysSequenceGoesThroughKafkaExactlyOnce() throws Exception {
        Random random = new Random(KillStormIT.seed("KafkaKillStormIT.sequence"));
        Path checkpoints = dir.resolve("chk-storm");
        // the record key is k: each key's rows go to one output partition, in the order the job wrote them
        Path script = ChaosJobs.write(dir.resolve("storm.sql"), header("kafka-sequence", "hashmap", checkpoints),
                sink("seqs", "k STRING, seq BIGINT", "seqs-storm",
                        ", 'key.format' = 'raw', 'key.fields' = 'k', 'value.format' = 'csv'"),
                "INSERT INTO seqs SELECT k, seq FROM src;\n");
        KillStorm.Result storm;
        try (ReadProgress progress = new ReadProgress("kafka-sequence")) {
            storm = new KillStorm(script, dir, new CheckpointWatch(checkpoints.resolve("kafka-sequence")), random,
                    "storm", progress).run(kills());
        }

        SequenceChecker checker = new SequenceChecker(rows / ChaosJobs.KEYS);
        for (String line : readCommitted("seqs-storm")) {
            String[] f = line.split(",");
            long seq = Long.parseLong(f[1]);
            checker.accept(f[0], seq, seq);
        }
        SequenceChecker.Figures figures = checker.finish(ChaosJobs.KEYS);
        System.out.println("KafkaKillStormIT.sequence: " + storm + " " + figures);
        assertThat(storm.total()).isGreaterThanOrEqualTo(kills());
        assertThat(figures.keys()).isEqualTo(ChaosJobs.KEYS);
        assertThat(figures.rows()).isEqualTo(rows);
        assertThat(figures.lost()).as("lost").isZero();
        assertThat(figures.duplicated()).as("duplicated").isZero();
        assertNoTransactionLeftOpen("seqs-storm");
    }


    private static String finishedLine(ChildRun run) throws java.io.IOException {
        return run.stderr().lines().filter(l -> l.contains("FINISHED")).findFirst().orElse("");
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }

    /**
     * Every committed record value of {@code topic}, partition after partition in offset order, read up
     * to the last stable offset (a transaction left open would end the read early: a gap).
     */
    private static List<String> readCommitted(String topic) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer("read_committed")) {
            for (TopicPartition tp : partitions(c, topic)) {
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                long end = c.endOffsets(List.of(tp)).get(tp);
                long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
                while (c.position(tp) < end) {
                    assertThat(System.nanoTime()).as("reading %s up to offset %d", tp, end).isLessThan(deadline);
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                        out.add(new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return out;
    }

    /**
     * No transaction of the sink's prefix is still open: the broker lists none as ongoing or being
     * completed, and a read_committed consumer's end offsets (the last stable offsets) are the
     * partitions' end offsets.
     */
    private static void assertNoTransactionLeftOpen(String prefix) throws Exception {
        List<String> open = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            for (TransactionListing t : admin.listTransactions().all().get(60, TimeUnit.SECONDS)) {
                if (t.transactionalId().startsWith(prefix) && t.state() != TransactionState.COMPLETE_COMMIT
                        && t.state() != TransactionState.COMPLETE_ABORT && t.state() != TransactionState.EMPTY) {
                    open.add(t.transactionalId() + "=" + t.state());
                }
            }
        }
        assertThat(open).as("transactions of %s left open", prefix).isEmpty();
        Map<TopicPartition, Long> stable;
        Map<TopicPartition, Long> end;
        try (KafkaConsumer<byte[], byte[]> committed = consumer("read_committed");
                KafkaConsumer<byte[], byte[]> uncommitted = consumer("read_uncommitted")) {
            stable = committed.endOffsets(partitions(committed, prefix));
            end = uncommitted.endOffsets(partitions(uncommitted, prefix));
        }
        assertThat(stable).as("last stable offsets of %s", prefix).isEqualTo(end);
    }

    /**
     * How far a job has read: the sum of the input offsets its source committed to its consumer group (at
     * each checkpoint). The storm kills a run (but at startup) only once this grew, so the kills land while
     * rows flow rather than while the run is still connecting. Asks the broker at most every 20 ms.
     */
    private static final class ReadProgress implements LongSupplier, AutoCloseable {
        private static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
        private final String group;
        private final Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
        private long last;
        private long askedAt = System.nanoTime() - EVERY_NANOS;

        ReadProgress(String group) {
            this.group = group;
        }

        @Override
        public long getAsLong() {
            if (System.nanoTime() - askedAt < EVERY_NANOS) {
                return last;
            }
            try {
                long sum = 0;
                for (OffsetAndMetadata o : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS).values()) {
                    sum += o == null ? 0 : o.offset();
                }
                last = sum;
            } catch (Exception e) {
                throw new AssertionError("cannot read the offsets of group " + group, e);
            }
            askedAt = System.nanoTime();
            return last;
        }

        @Override
        public void close() {
            admin.close();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String isolation) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "isolation.level", isolation),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        List<TopicPartition> tps = new ArrayList<>();
        c.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
        return tps;
    }
}

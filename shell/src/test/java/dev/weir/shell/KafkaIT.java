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
        assertThat(faultFree.stderr()).as("the job summary reports the skipped record")
                .contains("malformed records skipped: 1");

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

    @Test
    void upsertKafkaKeepsTheFinalValuesOfAGroupByChangelogAndReadsThemBackAsAChangelog() throws Exception {
        StringBuilder csv = new StringBuilder();
        Map<String, long[]> expected = new java.util.TreeMap<>();
        for (int i = 0; i < 300; i++) {
            String k = "key-" + (i % 7);
            csv.append(k).append(',').append(i).append('\n');
            long[] ns = expected.computeIfAbsent(k, x -> new long[2]);
            ns[0]++;
            ns[1] += i;
        }
        Path input = dir.resolve("upsert-in.csv");
        Files.writeString(input, csv);
        ChildRun run = run("upsert-groupby", """
                CREATE TABLE src (k STRING, v BIGINT) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                CREATE TABLE totals (k STRING, n BIGINT, s BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH (
                  'connector' = 'upsert-kafka', 'topic' = 'totals', 'properties.bootstrap.servers' = '%s',
                  'key.format' = 'json', 'value.format' = 'json', 'scan.bounded.mode' = 'latest-offset');
                INSERT INTO totals SELECT k, COUNT(*), SUM(v) FROM src GROUP BY k;
                SELECT * FROM totals;
                """.formatted(input, bootstrap));

        // one record per +I/+U (the -U are dropped), keyed by the primary key; the last per key is the result
        List<String[]> records = records("totals");
        assertThat(records).hasSize(300);
        Map<String, String> last = new java.util.TreeMap<>();
        for (String[] r : records) {
            assertThat(r[1]).as("no tombstones for a GROUP BY").isNotNull();
            last.put(r[0], r[1]);
        }
        Map<String, String> expectedRecords = new java.util.TreeMap<>();
        expected.forEach((k, ns) -> expectedRecords.put("{\"k\":\"" + k + "\"}",
                "{\"k\":\"" + k + "\",\"n\":" + ns[0] + ",\"s\":" + ns[1] + "}"));
        assertThat(last).isEqualTo(expectedRecords);

        // read back: +I per key, then -U/+U per change; applied, the final values
        List<String> changes = changelog(run.stdout());
        assertThat(changes.stream().filter(c -> c.startsWith("+I")).count()).isEqualTo(7);
        assertThat(changes.stream().filter(c -> c.startsWith("-U")).count()).isEqualTo(293);
        Map<String, String> expectedRows = new java.util.TreeMap<>();
        expected.forEach((k, ns) -> expectedRows.put(k, k + ", " + ns[0] + ", " + ns[1]));
        assertThat(apply(changes)).isEqualTo(expectedRows);
    }

    @Test
    void deletesBecomeTombstonesAndReadBackAsDeletes() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            csv.append("a,a").append(i).append(',').append(i).append('\n'); // rising: each pushes one out
            csv.append("b,b").append(i).append(',').append(11 - i).append('\n'); // falling: none gets in
        }
        Path input = dir.resolve("scores.csv");
        Files.writeString(input, csv);
        ChildRun run = run("upsert-topn", """
                CREATE TABLE scores (g STRING, k STRING, v BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                CREATE TABLE top2 (g STRING, k STRING, v BIGINT, PRIMARY KEY (g, k) NOT ENFORCED) WITH (
                  'connector' = 'upsert-kafka', 'topic' = 'top2', 'properties.bootstrap.servers' = '%s',
                  'key.format' = 'csv', 'value.format' = 'json', 'value.fields-include' = 'EXCEPT_KEY',
                  'scan.bounded.mode' = 'latest-offset');
                INSERT INTO top2 SELECT g, k, v FROM (
                  SELECT *, ROW_NUMBER() OVER (PARTITION BY g ORDER BY v DESC) AS rn FROM scores) WHERE rn <= 2;
                SELECT * FROM top2;
                """.formatted(input, bootstrap));

        List<String> tombstones = new ArrayList<>();
        for (String[] r : records("top2")) {
            if (r[1] == null) {
                tombstones.add(r[0]);
            }
        }
        assertThat(tombstones).containsExactlyInAnyOrder("a,a1", "a,a2", "a,a3", "a,a4", "a,a5", "a,a6", "a,a7",
                "a,a8");
        List<String> changes = changelog(run.stdout());
        assertThat(changes).contains("-D[a, a1, 1]", "-D[a, a8, 8]");
        assertThat(apply2(changes)).containsExactlyInAnyOrder("a, a9, 9", "a, a10, 10", "b, b1, 10", "b, b2, 9");
    }

    @Test
    void debeziumJsonIsReadAsAChangelogAndChangelogsAreWrittenAsDebeziumEvents() throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String event : List.of(
                    "{\"before\":null,\"after\":{\"id\":1,\"name\":\"apple\",\"price\":10},\"op\":\"r\"}",
                    "{\"before\":null,\"after\":{\"id\":2,\"name\":\"pear\",\"price\":20},\"op\":\"c\"}",
                    "{\"before\":{\"id\":1,\"name\":\"apple\",\"price\":10},"
                            + "\"after\":{\"id\":1,\"name\":\"apple\",\"price\":15},\"op\":\"u\"}",
                    "{\"before\":{\"id\":2,\"name\":\"pear\",\"price\":20},\"after\":null,\"op\":\"d\"}")) {
                p.send(new ProducerRecord<>("products", event.getBytes(StandardCharsets.UTF_8))).get();
            }
            p.send(new ProducerRecord<>("products", null)).get(); // Debezium's tombstone after a delete: skipped
        }
        Path input = dir.resolve("words.csv");
        Files.writeString(input, "a\na\nb\n");
        ChildRun run = run("debezium", """
                CREATE TABLE products (id BIGINT, name STRING, price BIGINT) WITH ('connector' = 'kafka',
                  'topic' = 'products', 'properties.bootstrap.servers' = '%1$s', 'scan.startup.mode' = 'earliest-offset',
                  'scan.bounded.mode' = 'latest-offset', 'format' = 'debezium-json');
                CREATE TABLE products_copy (id BIGINT, name STRING, price BIGINT) WITH ('connector' = 'kafka',
                  'topic' = 'products-copy', 'properties.bootstrap.servers' = '%1$s', 'format' = 'debezium-json');
                CREATE TABLE words (w STRING) WITH ('connector' = 'filesystem', 'path' = '%2$s', 'format' = 'csv');
                CREATE TABLE word_counts (w STRING, n BIGINT) WITH ('connector' = 'kafka', 'topic' = 'word-counts',
                  'properties.bootstrap.servers' = '%1$s', 'value.format' = 'debezium-json');
                SELECT * FROM products;
                INSERT INTO products_copy SELECT id, UPPER(name), price * 2 FROM products;
                INSERT INTO word_counts SELECT w, COUNT(*) FROM words GROUP BY w;
                """.formatted(bootstrap, input));

        assertThat(changelog(run.stdout())).containsExactly("+I[1, apple, 10]", "+I[2, pear, 20]",
                "-U[1, apple, 10]", "+U[1, apple, 15]", "-D[2, pear, 20]");
        // as Flink writes them: +I/+U a create of the row, -U/-D a delete of it
        assertThat(values("products-copy")).containsExactly(
                "{\"before\":null,\"after\":{\"id\":1,\"name\":\"APPLE\",\"price\":20},\"op\":\"c\"}",
                "{\"before\":null,\"after\":{\"id\":2,\"name\":\"PEAR\",\"price\":40},\"op\":\"c\"}",
                "{\"before\":{\"id\":1,\"name\":\"APPLE\",\"price\":20},\"after\":null,\"op\":\"d\"}",
                "{\"before\":null,\"after\":{\"id\":1,\"name\":\"APPLE\",\"price\":30},\"op\":\"c\"}",
                "{\"before\":{\"id\":2,\"name\":\"PEAR\",\"price\":40},\"after\":null,\"op\":\"d\"}");
        assertThat(values("word-counts")).containsExactly(
                "{\"before\":null,\"after\":{\"w\":\"a\",\"n\":1},\"op\":\"c\"}",
                "{\"before\":{\"w\":\"a\",\"n\":1},\"after\":null,\"op\":\"d\"}",
                "{\"before\":null,\"after\":{\"w\":\"a\",\"n\":2},\"op\":\"c\"}",
                "{\"before\":null,\"after\":{\"w\":\"b\",\"n\":1},\"op\":\"c\"}");
    }

    @Test
    void anUpsertSourceIsAnUpdatingInputThatAppendOnlySinksRefuse() throws Exception {
        Path file = dir.resolve("refused.sql");
        Files.writeString(file, """
                CREATE TABLE totals_in (k STRING, n BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH (
                  'connector' = 'upsert-kafka', 'topic' = 'nowhere', 'properties.bootstrap.servers' = '%s',
                  'key.format' = 'json', 'value.format' = 'json');
                CREATE TABLE copy (k STRING, n BIGINT) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO copy SELECT * FROM totals_in;
                """.formatted(bootstrap, dir.resolve("copy")));
        ChildRun run = ChildRun.start(file, dir, "refused");
        assertThat(run.awaitExit(JOB_TIMEOUT)).as(run.describe()).isNotZero();
        assertThat(run.stderr()).contains("doesn't support consuming update changes")
                .contains("TableSourceScan(table=[totals_in], connector=[upsert-kafka]");

        // a GROUP BY or a Top-N takes an updating input (see below), and its result updates too: the csv sink
        // refuses the retracting Top-N over the upsert source
        Files.writeString(file, Files.readString(file).replace("INSERT INTO copy SELECT * FROM totals_in;",
                "INSERT INTO copy SELECT k, n FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY n DESC) "
                        + "AS rn FROM totals_in) WHERE rn <= 2;"));
        ChildRun topN = ChildRun.start(file, dir, "refused-top-n");
        assertThat(topN.awaitExit(JOB_TIMEOUT)).as(topN.describe()).isNotZero();
        assertThat(topN.stderr()).contains("doesn't support consuming update changes")
                .contains("Rank(strategy=[RetractStrategy]");
    }

    @Test
    void aGroupByOverAnUpsertOrADebeziumTopicRetractsTheRowsTheyReplace() throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            // five keys updated eight times each, moving between groups g0 and g1; then k3 deleted
            for (int i = 0; i < 40; i++) {
                String id = "k" + (i % 5);
                String key = "{\"id\":\"" + id + "\"}";
                String value = "{\"id\":\"" + id + "\",\"grp\":\"g" + (i % 2) + "\",\"v\":" + i + "}";
                p.send(new ProducerRecord<>("upsert-groups", key.getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8))).get();
            }
            p.send(new ProducerRecord<>("upsert-groups", "{\"id\":\"k3\"}".getBytes(StandardCharsets.UTF_8), null))
                    .get();
            for (String event : List.of(
                    "{\"before\":null,\"after\":{\"id\":1,\"grp\":\"g0\",\"v\":10},\"op\":\"c\"}",
                    "{\"before\":null,\"after\":{\"id\":2,\"grp\":\"g0\",\"v\":20},\"op\":\"c\"}",
                    "{\"before\":{\"id\":1,\"grp\":\"g0\",\"v\":10},"
                            + "\"after\":{\"id\":1,\"grp\":\"g1\",\"v\":15},\"op\":\"u\"}",
                    "{\"before\":{\"id\":2,\"grp\":\"g0\",\"v\":20},\"after\":null,\"op\":\"d\"}")) {
                p.send(new ProducerRecord<>("debezium-groups", event.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        ChildRun run = run("groups-over-changelogs", """
                CREATE TABLE upserts (id STRING, grp STRING, v BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH (
                  'connector' = 'upsert-kafka', 'topic' = 'upsert-groups', 'properties.bootstrap.servers' = '%1$s',
                  'key.format' = 'json', 'value.format' = 'json', 'scan.bounded.mode' = 'latest-offset');
                CREATE TABLE cdc (id BIGINT, grp STRING, v BIGINT) WITH ('connector' = 'kafka',
                  'topic' = 'debezium-groups', 'properties.bootstrap.servers' = '%1$s',
                  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
                  'format' = 'debezium-json');
                SELECT grp, COUNT(*) AS n, SUM(v) AS total, MAX(v) AS hi FROM upserts GROUP BY grp;
                SELECT grp, COUNT(*) AS n, SUM(v) AS total, MAX(v) AS hi FROM cdc GROUP BY grp;
                """.formatted(bootstrap));

        List<String> changes = changelog(run.stdout());
        // the Debezium group g0 loses both its rows: deleted, not left at a count of 0
        assertThat(changes).contains("-D[g0, 1, 20, 20]");
        // final values: k0 = 35 (g1), k1 = 36 (g0), k2 = 37 (g1), k4 = 39 (g1); Debezium id 1 = 15 (g1)
        assertThat(apply2(changes)).containsExactlyInAnyOrder("g0, 1, 36, 36", "g1, 3, 111, 39", "g1, 1, 15, 15");
    }

    /** Runs a script to its end and expects success. */
    private ChildRun run(String name, String sql) throws Exception {
        Path file = dir.resolve(name + ".sql");
        Files.writeString(file, sql);
        ChildRun run = ChildRun.start(file, dir, name);
        assertThat(run.awaitExit(JOB_TIMEOUT)).as(run.describe()).isZero();
        return run;
    }

    /** The change lines ({@code +I[…]}, {@code -U[…]}, …) of a run's standard output. */
    private static List<String> changelog(String stdout) {
        List<String> out = new ArrayList<>();
        for (String line : stdout.split("\\R")) {
            if (line.matches("[+-][IUD]\\[.*\\]")) {
                out.add(line);
            }
        }
        return out;
    }

    /** Applies a changelog of rows whose first column is the key: key → the row's text. */
    private static Map<String, String> apply(List<String> changes) {
        Map<String, String> rows = new java.util.TreeMap<>();
        for (String c : changes) {
            String row = c.substring(3, c.length() - 1);
            String key = row.substring(0, row.indexOf(','));
            if (c.startsWith("+")) {
                rows.put(key, row);
            } else {
                assertThat(rows.remove(key)).as("%s retracts a row that is there", c).isEqualTo(row);
            }
        }
        return rows;
    }

    /** Applies a changelog as a multiset of row texts. */
    private static List<String> apply2(List<String> changes) {
        List<String> rows = new ArrayList<>();
        for (String c : changes) {
            String row = c.substring(3, c.length() - 1);
            if (c.startsWith("+")) {
                rows.add(row);
            } else {
                assertThat(rows.remove(row)).as("%s retracts a row that is there", c).isTrue();
            }
        }
        return rows;
    }

    /** Every record of a topic as {key, value} texts (null for none). */
    private static List<String[]> records(String topic) {
        List<String[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            c.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !reached(c, end)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    out.add(new String[] {text(r.key()), text(r.value())});
                }
            }
        }
        return out;
    }

    private static List<String> values(String topic) {
        List<String> out = new ArrayList<>();
        for (String[] r : records(topic)) {
            out.add(r[1]);
        }
        return out;
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
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

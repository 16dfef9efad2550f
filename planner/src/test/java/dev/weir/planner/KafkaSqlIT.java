package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weir.core.config.Configuration;
import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import dev.weir.executor.runtime.LocalJob;
import dev.weir.kafkalocal.LocalKafkaBroker;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.SqlException;
import dev.weir.parser.Statement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka tables in SQL, run as real jobs against a real broker: metadata columns (kafka and
 * upsert-kafka), key columns, partitions split over parallel subtasks, per-partition watermarks and
 * idle partitions, and the skipped-records metric.
 */
class KafkaSqlIT {
    private static final long T0 = 1_700_000_000_000L;

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

    @Test
    void twoSubtasksSplitFourPartitionsAndReadEachRecordExactlyOnce() throws Exception {
        createTopic("clicks4", 4);
        int rows = 4000;
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (int i = 0; i < rows; i++) {
                String json = "{\"id\":" + i + ",\"k\":\"key-" + (i % 10) + "\",\"v\":" + i + "}";
                p.send(new ProducerRecord<>("clicks4", i % 4, T0 + i, null, json.getBytes(StandardCharsets.UTF_8)));
            }
        }
        Path out = tmp.resolve("per-key");
        List<JobResult> results = run(Map.of("parallelism.default", "2"), """
                CREATE TABLE clicks (
                  id BIGINT, k STRING, v BIGINT,
                  part INT METADATA FROM 'partition' VIRTUAL,
                  ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
                  WATERMARK FOR ts AS ts
                ) WITH ('connector' = 'kafka', 'topic' = 'clicks4', 'properties.bootstrap.servers' = '%s',
                  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset', 'format' = 'json');
                CREATE TABLE per_key (k STRING, n BIGINT, s BIGINT, parts BIGINT, first_id BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO per_key SELECT k, COUNT(*), SUM(v), COUNT(DISTINCT part), MIN(id)
                FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' HOUR))
                GROUP BY k, window_start, window_end;
                """.formatted(bootstrap, out));
        assertThat(results).hasSize(1);
        assertThat(results.get(0).rowsRead()).as("each record read once").isEqualTo(rows);

        // key-j holds i = j, j + 10, ...: 400 records; even keys sit in partitions 0 and 2, odd keys in 1 and 3
        List<String> expected = new ArrayList<>();
        for (int j = 0; j < 10; j++) {
            long sum = 0;
            for (int i = j; i < rows; i += 10) {
                sum += i;
            }
            expected.add("key-" + j + ",400," + sum + ",2," + j);
        }
        assertThat(visibleLines(out)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void skippedMalformedRecordsAreCountedInTheJobMetrics() throws Exception {
        createTopic("dirty", 4);
        int bad = 0;
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (int i = 0; i < 200; i++) {
                boolean malformed = i % 7 == 3;
                bad += malformed ? 1 : 0;
                String value = malformed ? "{\"id\": oops" : "{\"id\":" + i + "}";
                p.send(new ProducerRecord<>("dirty", i % 4, null, value.getBytes(StandardCharsets.UTF_8)));
            }
        }
        Path out = tmp.resolve("clean");
        List<JobResult> results = run(Map.of("parallelism.default", "2"), """
                CREATE TABLE dirty (id BIGINT) WITH ('connector' = 'kafka', 'topic' = 'dirty',
                  'properties.bootstrap.servers' = '%s', 'scan.startup.mode' = 'earliest-offset',
                  'scan.bounded.mode' = 'latest-offset', 'format' = 'json', 'json.ignore-parse-errors' = 'true');
                CREATE TABLE clean (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO clean SELECT id FROM dirty;
                """.formatted(bootstrap, out));
        assertThat(bad).isEqualTo(29);
        assertThat(results.get(0).metrics().skippedRecords()).isEqualTo(bad);
        assertThat(results.get(0).metrics().summary()).contains("skippedMalformed=" + bad);
        assertThat(visibleLines(out)).hasSize(200 - bad);
    }

    @Test
    void insertLeavesOutVirtualColumnsAndWritesTimestampAndKey() throws Exception {
        Path in = tmp.resolve("in.csv");
        Files.writeString(in, "1,ann,2023-11-14 22:13:20.123\n2,bob,2023-11-14 22:13:21.000\n");
        run(Map.of("table.local-time-zone", "UTC"), """
                CREATE TABLE src (id BIGINT, name STRING, happened TIMESTAMP_LTZ(3))
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                CREATE TABLE events (
                  `offset` BIGINT METADATA VIRTUAL,
                  id BIGINT,
                  name STRING,
                  ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
                  topic STRING METADATA VIRTUAL
                ) WITH ('connector' = 'kafka', 'topic' = 'events-out', 'properties.bootstrap.servers' = '%s',
                  'key.format' = 'raw', 'key.fields' = 'name', 'value.format' = 'json');
                INSERT INTO events SELECT id, name, happened FROM src;
                """.formatted(in, bootstrap));
        List<ConsumerRecord<byte[], byte[]>> records = consume("events-out", 2);
        assertThat(records).hasSize(2);
        assertThat(records.get(0).timestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("ann");
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1,\"name\":\"ann\"}");
        assertThat(records.get(1).timestamp()).isEqualTo(1_700_000_001_000L);
        assertThat(new String(records.get(1).key(), StandardCharsets.UTF_8)).isEqualTo("bob");
    }

    @Test
    void createTableExplainsBadMetadataColumns() {
        SqlException unknown = ddlError("CREATE TABLE t (id BIGINT, o BIGINT METADATA FROM 'ofset') WITH ("
                + "'connector' = 'kafka', 'topic' = 'x', 'properties.bootstrap.servers' = 'h:1', 'format' = 'json')");
        assertThat(unknown.getMessage()).contains("Unknown metadata key 'ofset' for column 'o' of table 't'")
                .contains("'topic' STRING, 'partition' INT, 'headers' MAP<STRING, BYTES>, 'leader-epoch' INT, 'offset' BIGINT, "
                        + "'timestamp' TIMESTAMP_LTZ(3), 'timestamp-type' STRING");
        SqlException type = ddlError("CREATE TABLE t (id BIGINT, o INT METADATA FROM 'offset') WITH ("
                + "'connector' = 'kafka', 'topic' = 'x', 'properties.bootstrap.servers' = 'h:1', 'format' = 'json')");
        assertThat(type.getMessage()).contains("Metadata column 'o' (key 'offset') must be declared BIGINT, not INT");
        SqlException none = ddlError("CREATE TABLE t (id BIGINT, o BIGINT METADATA FROM 'offset') WITH ("
                + "'connector' = 'filesystem', 'path' = '/tmp/x', 'format' = 'csv')");
        assertThat(none.getMessage()).contains("connector 'filesystem' has no metadata");
    }

    @Test
    void insertRefusesANonVirtualReadOnlyMetadataColumn() {
        Script script = new Script("t.sql", """
                CREATE TABLE src (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/none', 'format' = 'csv');
                CREATE TABLE sink (id BIGINT, o BIGINT METADATA FROM 'offset') WITH ('connector' = 'kafka',
                  'topic' = 'x', 'properties.bootstrap.servers' = 'h:1', 'format' = 'json');
                INSERT INTO sink SELECT id, id FROM src;
                """);
        SqlSession session = new SqlSession(config(Map.of()));
        List<Statement> statements = ScriptParser.parse(script);
        session.execute(statements.get(0), script);
        session.execute(statements.get(1), script); // declaring it is fine: the table may be read
        Throwable t = catchThrowable(() -> session.execute(statements.get(2), script));
        assertThat(t).isInstanceOf(SqlException.class).hasMessageContaining("metadata column 'o' (key 'offset') "
                + "cannot be written").hasMessageContaining("Declare the column VIRTUAL");
    }

    @Test
    void describeShowsMetadataColumnsAndComputedColumnsMayUseThem() throws Exception {
        createTopic("described", 1);
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            p.send(new ProducerRecord<>("described", 0, T0, null, "{\"id\":5}".getBytes(StandardCharsets.UTF_8))).get();
            p.send(new ProducerRecord<>("described", 0, T0, null, "{\"id\":6}".getBytes(StandardCharsets.UTF_8))).get();
        }
        String ddl = """
                CREATE TABLE d (
                  id BIGINT,
                  o BIGINT METADATA FROM 'offset' VIRTUAL,
                  pos AS CONCAT(topic, '@', CAST(o AS STRING)),
                  topic STRING METADATA
                ) WITH ('connector' = 'kafka', 'topic' = 'described', 'properties.bootstrap.servers' = '%s',
                  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset', 'format' = 'json');
                """.formatted(bootstrap);
        Script script = new Script("t.sql", ddl + "DESCRIBE d;");
        SqlSession session = new SqlSession(config(Map.of()));
        StatementResult last = null;
        for (Statement s : ScriptParser.parse(script)) {
            last = session.execute(s, script);
        }
        assertThat(((StatementResult.Table) last).rows()).extracting(row -> row.get(0) + " " + row.get(1) + " "
                + row.get(4)).containsExactly("id BIGINT ", "o BIGINT METADATA FROM 'offset' VIRTUAL",
                        "pos STRING AS CONCAT(topic, '@', CAST(o AS STRING))", "topic STRING METADATA FROM 'topic'");

        Path out = tmp.resolve("positions");
        run(Map.of(), ddl + """
                CREATE TABLE positions (id BIGINT, pos STRING)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO positions SELECT id, pos FROM d;
                """.formatted(out));
        assertThat(visibleLines(out)).containsExactlyInAnyOrder("5,described@0", "6,described@1");
    }

    // ---- per-partition watermarks

    /**
     * Partition 0 is an hour ahead in event time of partition 1, and the reader interleaves them
     * (small fetches): with one watermark per subtask, partition 1's rows after the first of
     * partition 0 would all be late; per partition, none is.
     */
    @Test
    void aPartitionFarAheadDoesNotMakeTheRowsOfASlowerPartitionLate() throws Exception {
        skewedWindowCounts("skewed2", 2, 1);
    }

    /** The same at parallelism 2: each source subtask reads two partitions, one ahead, one behind. */
    @Test
    void perPartitionWatermarksAtParallelismTwo() throws Exception {
        skewedWindowCounts("skewed4", 4, 2);
    }

    private void skewedWindowCounts(String topic, int partitions, int parallelism) throws Exception {
        createTopic(topic, partitions);
        int perPartition = 600;
        long hour = 3_600_000L;
        // small producer batches and small fetches make the reader alternate between the partitions; one
        // request in flight keeps each partition in order when a fresh topic's first sends are retried
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", "5", "batch.size", "512", "enable.idempotence", "false",
                "max.in.flight.requests.per.connection", "1"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < perPartition; i++) {
                for (int part = 0; part < partitions; part++) {
                    // even partitions are an hour ahead of odd ones; 10 rows per 1-second window
                    long ts = T0 + (part % 2 == 0 ? hour : 0) + i * 100L;
                    p.send(new ProducerRecord<>(topic, part, ts, null,
                            ("{\"id\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        Path out = tmp.resolve("counts-" + topic);
        List<JobResult> results = run(Map.of("parallelism.default", Integer.toString(parallelism)), """
                CREATE TABLE skewed (
                  id BIGINT,
                  ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
                  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
                ) WITH ('connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
                  'properties.max.partition.fetch.bytes' = '256', 'properties.max.poll.records' = '20',
                  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset', 'format' = 'json');
                CREATE TABLE counts (window_start TIMESTAMP_LTZ(3), n BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO counts SELECT window_start, COUNT(*)
                FROM TABLE(TUMBLE(TABLE skewed, DESCRIPTOR(ts), INTERVAL '1' SECOND))
                GROUP BY window_start, window_end;
                """.formatted(topic, bootstrap, out));
        JobResult result = results.get(0);
        assertThat(result.rowsRead()).isEqualTo((long) perPartition * partitions);
        assertThat(result.lateRowsDropped()).as("late rows").isZero();
        // 60 windows behind and 60 an hour ahead, each with 10 rows of every partition of its half
        List<String> lines = visibleLines(out);
        assertThat(lines).hasSize(2 * perPartition / 10);
        for (String line : lines) {
            assertThat(line).endsWith("," + 10 * partitions / 2);
        }

        if (parallelism == 1) {
            // the premise: read the same way, a row of the slow partition follows one of the fast partition,
            // so one watermark for the subtask would have dropped it as late
            Path order = tmp.resolve("order-" + topic);
            run(Map.of(), """
                    CREATE TABLE skewed (id BIGINT, part INT METADATA FROM 'partition' VIRTUAL)
                    WITH ('connector' = 'kafka', 'topic' = '%s', 'properties.bootstrap.servers' = '%s',
                      'properties.max.partition.fetch.bytes' = '256', 'properties.max.poll.records' = '20',
                      'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset', 'format' = 'json');
                    CREATE TABLE read_order (part INT) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                    INSERT INTO read_order SELECT part FROM skewed;
                    """.formatted(topic, bootstrap, order));
            String parts = String.join("", visibleLines(order));
            assertThat(parts).hasSize(perPartition * partitions).containsPattern("0.*1");
        }
    }

    /**
     * An unbounded read of a topic whose partition 1 never gets a record: with
     * {@code table.exec.source.idle-timeout} the empty partition becomes idle, and the windows of
     * partition 0 fire (without it they would wait for partition 1 forever, as in Flink).
     */
    @Test
    void anIdlePartitionDoesNotStallTheWindowsOfAnUnboundedRead() throws Exception {
        createTopic("half-idle", 2);
        createTopic("half-idle-counts", 1);
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (int i = 0; i < 30; i++) { // 3 one-second windows of 10 rows, all in partition 0
                p.send(new ProducerRecord<>("half-idle", 0, T0 + i * 100L, null,
                        ("{\"id\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            }
        }
        JobHandle job = start(Map.of("table.exec.source.idle-timeout", "200 ms"), """
                CREATE TABLE half_idle (
                  id BIGINT,
                  ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
                  WATERMARK FOR ts AS ts
                ) WITH ('connector' = 'kafka', 'topic' = 'half-idle', 'properties.bootstrap.servers' = '%s',
                  'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
                CREATE TABLE half_idle_counts (window_start TIMESTAMP_LTZ(3), n BIGINT)
                  WITH ('connector' = 'kafka', 'topic' = 'half-idle-counts', 'properties.bootstrap.servers' = '%s',
                  'format' = 'csv', 'sink.delivery-guarantee' = 'at-least-once');
                INSERT INTO half_idle_counts SELECT window_start, COUNT(*)
                FROM TABLE(TUMBLE(TABLE half_idle, DESCRIPTOR(ts), INTERVAL '1' SECOND))
                GROUP BY window_start, window_end;
                """.formatted(bootstrap, bootstrap));
        try {
            // the watermark reaches the last row's time: the first two windows fire, the third stays open
            List<ConsumerRecord<byte[], byte[]>> records = consume("half-idle-counts", 2);
            assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly("2023-11-14 22:13:20.000Z,10", "2023-11-14 22:13:21.000Z,10");
            assertThat(job.status().isTerminal()).as("the read is unbounded: the job still runs").isFalse();
        } finally {
            job.cancel();
            job.await(30, TimeUnit.SECONDS);
        }
    }

    // ---- upsert-kafka metadata

    @Test
    void upsertKafkaWritesTimestampAndHeadersAndReadsAllMetadata() throws Exception {
        createTopic("up-meta", 1);
        Path in = tmp.resolve("up-in.csv");
        Files.writeString(in, "a,1,2023-11-14 22:13:20.001\nb,2,2023-11-14 22:13:20.002\na,3,2023-11-14 22:13:20.003\n");
        String ddl = """
                CREATE TABLE up (
                  k STRING,
                  v BIGINT,
                  ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
                  hdrs MAP<STRING, BYTES> METADATA FROM 'headers',
                  `partition` INT METADATA VIRTUAL,
                  `offset` BIGINT METADATA VIRTUAL,
                  tp STRING METADATA FROM 'topic' VIRTUAL,
                  tt STRING METADATA FROM 'timestamp-type' VIRTUAL,
                  epoch INT METADATA FROM 'leader-epoch' VIRTUAL,
                  PRIMARY KEY (k) NOT ENFORCED
                ) WITH ('connector' = 'upsert-kafka', 'topic' = 'up-meta', 'properties.bootstrap.servers' = '%s',
                  'key.format' = 'raw', 'value.format' = 'json', 'scan.bounded.mode' = 'latest-offset');
                """.formatted(bootstrap);
        run(Map.of("table.local-time-zone", "UTC"), """
                CREATE TABLE src (k STRING, v BIGINT, happened TIMESTAMP_LTZ(3))
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                %s
                INSERT INTO up SELECT k, v, happened, MAP['v', CAST(CAST(v AS STRING) AS BYTES)] FROM src;
                """.formatted(in, ddl));
        List<ConsumerRecord<byte[], byte[]>> records = consume("up-meta", 3);
        assertThat(records).extracting(ConsumerRecord::timestamp)
                .containsExactly(T0 + 1, T0 + 2, T0 + 3);
        assertThat(records).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("a", "b", "a");
        assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .as("metadata columns stay out of the value").containsExactly("{\"k\":\"a\",\"v\":1}",
                        "{\"k\":\"b\",\"v\":2}", "{\"k\":\"a\",\"v\":3}");
        Header header = records.get(2).headers().lastHeader("v");
        assertThat(new String(header.value(), StandardCharsets.UTF_8)).isEqualTo("3");

        Path out = tmp.resolve("up-changes");
        run(Map.of("table.local-time-zone", "UTC"), ddl + """
                CREATE TABLE changes (k STRING, v BIGINT, ts TIMESTAMP_LTZ(3), hdrs MAP<STRING, BYTES>, part INT, off BIGINT,
                  tp STRING, tt STRING, epoch INT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'debezium-json');
                INSERT INTO changes SELECT k, v, ts, hdrs, `partition`, `offset`, tp, tt, epoch FROM up;
                """.formatted(out));
        List<String> lines = visibleLines(out);
        assertThat(lines).hasSize(4); // +I a, +I b, then -U a / +U a (a debezium delete and create)
        // BYTES header values in JSON are base64, as Flink writes them: "1" is MQ==
        assertThat(lines.get(0)).contains("\"k\":\"a\"", "\"v\":1", "\"hdrs\":{\"v\":\"MQ==\"}",
                "\"part\":0", "\"off\":0", "\"tp\":\"up-meta\"", "\"tt\":\"CreateTime\"", "\"epoch\":0",
                "22:13:20.001");
        assertThat(lines.get(1)).contains("\"k\":\"b\"", "\"off\":1", "22:13:20.002");
        assertThat(lines.get(2)).contains("\"k\":\"a\"", "\"off\":0", "\"op\":\"d\"");
        assertThat(lines.get(3)).contains("\"k\":\"a\"", "\"v\":3", "\"off\":2", "\"op\":\"c\"",
                "22:13:20.003");
    }

    // ---- helpers

    /** Executes the script's statements and submits its one job without waiting for it (unbounded reads). */
    private JobHandle start(Map<String, String> settings, String sql) {
        Script script = new Script("t.sql", sql);
        SqlSession session = new SqlSession(config(settings));
        JobHandle handle = null;
        for (Statement s : ScriptParser.parse(script)) {
            if (session.execute(s, script) instanceof StatementResult.RunJob job) {
                handle = LocalJob.submit(job.plan(), job.config());
            }
        }
        assertThat(handle).as("the script has a job").isNotNull();
        return handle;
    }

    private SqlException ddlError(String ddl) {
        Script script = new Script("t.sql", ddl + ";");
        SqlSession session = new SqlSession(config(Map.of()));
        Throwable t = catchThrowable(() -> {
            for (Statement s : ScriptParser.parse(script)) {
                session.execute(s, script);
            }
        });
        assertThat(t).isInstanceOf(SqlException.class);
        return (SqlException) t;
    }

    private Configuration config(Map<String, String> extra) {
        Configuration c = Configuration.empty().with("state.checkpoints.dir", tmp.resolve("chk").toString())
                .with("io.tmp.dirs", tmp.resolve("work").toString());
        for (Map.Entry<String, String> e : new TreeMap<>(extra).entrySet()) {
            c = c.with(e.getKey(), e.getValue());
        }
        return c;
    }

    /** Executes the script, running every job to its end; returns the jobs' results. */
    private List<JobResult> run(Map<String, String> settings, String sql) throws InterruptedException {
        Script script = new Script("t.sql", sql);
        SqlSession session = new SqlSession(config(settings));
        List<JobResult> results = new ArrayList<>();
        for (Statement s : ScriptParser.parse(script)) {
            if (session.execute(s, script) instanceof StatementResult.RunJob job) {
                JobResult result = LocalJob.submit(job.plan(), job.config()).await();
                assertThat(result.status()).as("failure: %s", result.failureCause()).isEqualTo(JobStatus.FINISHED);
                results.add(result);
            }
        }
        return results;
    }

    private static List<String> visibleLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", "5"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && out.size() < count) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }
}

package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weir.core.config.Configuration;
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
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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
 * Kafka tables in SQL, run as real jobs against a real broker: metadata columns, key columns,
 * partitions split over parallel subtasks, and the skipped-records metric.
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
                .contains("'topic' STRING, 'partition' INT, 'headers' STRING, 'leader-epoch' INT, 'offset' BIGINT, "
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

    // ---- helpers

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

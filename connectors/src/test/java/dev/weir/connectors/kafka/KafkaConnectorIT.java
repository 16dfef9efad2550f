package dev.weir.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.Row;
import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import dev.weir.kafkalocal.LocalKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/** The Kafka source and sink against a real single-node broker. */
class KafkaConnectorIT {
    private static final RowType SCHEMA = RowType.builder()
            .add("id", DataType.bigint()).add("name", DataType.string()).build();

    @TempDir
    static Path dir;
    static LocalKafkaBroker broker;
    static String bootstrap;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new LocalKafkaBroker();
        bootstrap = broker.start(dir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void readsJsonUntilTheLatestOffsetAtStart() throws Exception {
        produce("json-in", "{\"id\":1,\"name\":\"a\"}", "{\"id\":2,\"name\":\"b\"}", "{\"id\":3}");
        List<Row> rows = readAll(reader(source("json-in", "json", Map.of()), null));
        assertThat(rows).containsExactly(Row.of(1L, "a"), Row.of(2L, "b"), Row.of(3L, null));
    }

    @Test
    void readsCsv() throws Exception {
        produce("csv-in", "1,a", "2,\"b,c\"");
        assertThat(readAll(reader(source("csv-in", "csv", Map.of()), null)))
                .containsExactly(Row.of(1L, "a"), Row.of(2L, "b,c"));
    }

    @Test
    void malformedRecordFailsWithTopicPartitionAndOffset() throws Exception {
        produce("bad-in", "{\"id\":1,\"name\":\"a\"}", "{\"id\":\"x\"}", "not json");
        try (SourceReader r = reader(source("bad-in", "json", Map.of()), null)) {
            assertThatThrownBy(() -> drain(r, new ArrayList<>()))
                    .isInstanceOf(WeirException.class)
                    .hasMessageContaining("topic 'bad-in' partition 0 offset 1")
                    .hasMessageContaining("json.ignore-parse-errors");
        }
    }

    @Test
    void malformedRecordsAreSkippedAndCountedExactly() throws Exception {
        produce("skip-in", "1,a", "x,b", "2,c", "3", "4,d", "5,e,f");
        KafkaSourceReader r = reader(source("skip-in", "csv", Map.of("csv.ignore-parse-errors", "true")), null);
        List<Row> rows = new ArrayList<>();
        try (r) {
            drain(r, rows);
        }
        assertThat(rows).containsExactly(Row.of(1L, "a"), Row.of(2L, "c"), Row.of(4L, "d"));
        assertThat(r.skippedRecords()).isEqualTo(3);
    }

    @Test
    void restoredReaderContinuesExactlyAfterTheSnapshot() throws Exception {
        String[] values = new String[50];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + ",n" + i;
        }
        produce("restore-in", values);
        Map<String, String> source = source("restore-in", "csv", Map.of("properties.max.poll.records", "7"));
        List<Row> first = new ArrayList<>();
        byte[] position;
        try (KafkaSourceReader r = reader(source, null)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (first.size() < 20 && System.nanoTime() < deadline) {
                r.pollNext(first::add);
            }
            position = r.snapshotPosition(1);
        }
        assertThat(first).hasSizeBetween(20, 27);
        List<Row> rest = readAll(reader(source, position));
        List<Row> all = new ArrayList<>(first);
        all.addAll(rest);
        assertThat(all).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(all.get(i)).isEqualTo(Row.of((long) i, "n" + i));
        }
    }

    @Test
    void exactlyOnceSinkCommitsOnlyCheckpointedTransactionsAndFinishesThemAfterACrash() throws Exception {
        Map<String, String> sink = sink("eo-out", "exactly-once", "eo-test");
        KafkaSinkWriter a = writer(sink, null);
        a.write(Row.of(1L, "a"));
        a.write(Row.of(2L, "b"));
        byte[] c1 = a.prepareCommit(1);
        assertThat(readCommitted("eo-out", 0, Duration.ofMillis(500))).as("nothing visible before commit").isEmpty();
        a.commit(1);
        assertThat(readCommitted("eo-out", 2, Duration.ofSeconds(20))).containsExactly("{\"id\":1,\"name\":\"a\"}",
                "{\"id\":2,\"name\":\"b\"}");
        a.write(Row.of(3L, "c"));
        byte[] c2 = a.prepareCommit(2);
        assertThat(c1).isNotNull();
        // rows after checkpoint 2 that no checkpoint covers, then the process "dies" without closing anything
        a.write(Row.of(99L, "lost"));
        a.write(Row.of(98L, "lost"));

        KafkaSinkWriter b = writer(sink, c2);
        b.commit(2); // what the runtime does after a restore: idempotent
        b.write(Row.of(4L, "d"));
        b.finish();
        b.close();
        assertThat(readCommitted("eo-out", 4, Duration.ofSeconds(20))).containsExactly("{\"id\":1,\"name\":\"a\"}",
                "{\"id\":2,\"name\":\"b\"}", "{\"id\":3,\"name\":\"c\"}", "{\"id\":4,\"name\":\"d\"}");
        a.close();
    }

    @Test
    void committingACheckpointLeavesTheNextPreparedOnePending() throws Exception {
        // asynchronous checkpoints: checkpoint 2 is prepared before checkpoint 1's completion arrives
        Map<String, String> sink = sink("eo-overlap", "exactly-once", "eo-overlap");
        KafkaSinkWriter a = writer(sink, null);
        a.write(Row.of(1L, "a"));
        a.prepareCommit(1);
        a.write(Row.of(2L, "b"));
        a.prepareCommit(2);
        a.write(Row.of(3L, "c"));

        a.commit(1);
        assertThat(readCommitted("eo-overlap", 1, Duration.ofSeconds(20))).containsExactly("{\"id\":1,\"name\":\"a\"}");
        assertThat(readCommitted("eo-overlap", 2, Duration.ofMillis(500))).as("checkpoint 2 is not complete yet")
                .hasSize(1);
        a.commit(2);
        assertThat(readCommitted("eo-overlap", 2, Duration.ofSeconds(20))).containsExactly(
                "{\"id\":1,\"name\":\"a\"}", "{\"id\":2,\"name\":\"b\"}");
        a.close();
    }

    @Test
    void aTransactionOfAnAbortedCheckpointIsCommittedByTheRestoreOfTheNextOne() throws Exception {
        Map<String, String> sink = sink("eo-aborted", "exactly-once", "eo-aborted");
        KafkaSinkWriter a = writer(sink, null);
        a.write(Row.of(1L, "a"));
        a.prepareCommit(1); // checkpoint 1 is aborted: never completed, never committed
        a.write(Row.of(2L, "b"));
        byte[] c2 = a.prepareCommit(2);
        // checkpoint 2 completes, then the process dies before committing anything

        KafkaSinkWriter b = writer(sink, c2);
        b.commit(2);
        b.finish();
        b.close();
        assertThat(readCommitted("eo-aborted", 2, Duration.ofSeconds(20)))
                .as("the rows of checkpoint 1 precede checkpoint 2's source position: they are never read again")
                .containsExactly("{\"id\":1,\"name\":\"a\"}", "{\"id\":2,\"name\":\"b\"}");
        a.close();
    }

    @Test
    void aRestoreNeverCommitsALaterTransactionThatReusedItsCheckpointsId() throws Exception {
        Map<String, String> sink = sink("eo-reuse", "exactly-once", "eo-reuse");
        KafkaSinkWriter a = writer(sink, null);
        a.write(Row.of(1L, "a"));
        byte[] c1 = a.prepareCommit(1);
        a.commit(1);
        a.write(Row.of(2L, "b"));
        a.prepareCommit(2); // checkpoint 2 never completes
        a.write(Row.of(99L, "lost")); // a new transaction, which must not take checkpoint 1's id

        KafkaSinkWriter b = writer(sink, c1); // restore from checkpoint 1, the last complete one
        b.commit(1);
        b.write(Row.of(2L, "b")); // the replay after checkpoint 1
        b.finish();
        b.close();
        assertThat(readCommitted("eo-reuse", 2, Duration.ofSeconds(20)))
                .containsExactly("{\"id\":1,\"name\":\"a\"}", "{\"id\":2,\"name\":\"b\"}");
        a.close();
    }

    @Test
    void atLeastOnceSinkFlushesOnCheckpoint() throws Exception {
        KafkaSinkWriter w = writer(sink("alo-out", "at-least-once", null), null);
        w.write(Row.of(7L, "x"));
        assertThat(w.prepareCommit(1)).isNull();
        assertThat(readCommitted("alo-out", 1, Duration.ofSeconds(20))).containsExactly("{\"id\":7,\"name\":\"x\"}");
        w.close();
    }

    @Test
    void exactlyOnceNeedsATransactionalIdPrefix() {
        Map<String, String> options = new HashMap<>(sink("x", "exactly-once", null));
        assertThatThrownBy(() -> new KafkaConnectorFactory().validate(context(options, null), false))
                .hasMessageContaining("sink.transactional-id-prefix");
    }

    // ---- helpers

    private static Map<String, String> source(String topic, String format, Map<String, String> extra) {
        Map<String, String> o = new HashMap<>(Map.of("connector", "kafka", "topic", topic,
                "properties.bootstrap.servers", bootstrap, "scan.startup.mode", "earliest-offset",
                "scan.bounded.mode", "latest-offset", "format", format));
        o.putAll(extra);
        return o;
    }

    private static Map<String, String> sink(String topic, String guarantee, String prefix) {
        Map<String, String> o = new HashMap<>(Map.of("connector", "kafka", "topic", topic,
                "properties.bootstrap.servers", bootstrap, "format", "json", "sink.delivery-guarantee", guarantee));
        if (prefix != null) {
            o.put("sink.transactional-id-prefix", prefix);
        }
        return o;
    }

    private static TableContext context(Map<String, String> options, byte[] restored) {
        return new TableContext("t", SCHEMA, options, Configuration.empty(), 0, 1, restored);
    }

    private static KafkaSourceReader reader(Map<String, String> options, byte[] restored) throws Exception {
        return (KafkaSourceReader) new KafkaConnectorFactory().createReader(context(options, restored));
    }

    private static KafkaSinkWriter writer(Map<String, String> options, byte[] restored) throws Exception {
        SinkWriter w = new KafkaConnectorFactory().createWriter(context(options, restored));
        return (KafkaSinkWriter) w;
    }

    private static List<Row> readAll(SourceReader r) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (r) {
            drain(r, rows);
        }
        return rows;
    }

    private static void drain(SourceReader r, List<Row> rows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (r.pollNext(rows::add) == InputStatus.END_OF_INPUT) {
                return;
            }
        }
        throw new AssertionError("the bounded source did not end within 30 s; read " + rows);
    }

    private static void produce(String topic, String... values) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String v : values) {
                p.send(new ProducerRecord<>(topic, v.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    /** What a read_committed consumer sees: waits up to {@code wait} for {@code count} records, then a little more. */
    static List<String> readCommitted(String topic, int count, Duration wait) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            c.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline && out.size() < count) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    out.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            // a short extra poll, so that duplicates beyond the expected count would show
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
                out.add(new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}

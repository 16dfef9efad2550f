package dev.weir.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.connectors.options.ConnectorOptions;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import dev.weir.kafkalocal.LocalKafkaBroker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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

/** upsert-kafka and the debezium-json format against a real single-node broker. */
class UpsertKafkaConnectorIT {
    private static final RowType SCHEMA = RowType.builder()
            .add("id", DataType.bigint().notNull()).add("name", DataType.string()).add("n", DataType.bigint()).build();

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
    void upsertSinkKeysRecordsByThePrimaryKeyWritesTombstonesAndDropsUpdateBefore() throws Exception {
        Map<String, String> options = upsert("up-out", Map.of());
        try (SinkWriter w = new UpsertKafkaConnectorFactory().createWriter(context(options, null))) {
            w.write(Row.ofKind(RowKind.INSERT, 1L, "a", 1L));
            w.write(Row.ofKind(RowKind.UPDATE_BEFORE, 1L, "a", 1L));
            w.write(Row.ofKind(RowKind.UPDATE_AFTER, 1L, "a", 2L));
            w.write(Row.ofKind(RowKind.INSERT, 2L, "b", 5L));
            w.write(Row.ofKind(RowKind.DELETE, 2L, "b", 5L));
            w.finish();
        }
        assertThat(records("up-out", 4)).containsExactly(
                "{\"id\":1} -> {\"id\":1,\"name\":\"a\",\"n\":1}",
                "{\"id\":1} -> {\"id\":1,\"name\":\"a\",\"n\":2}",
                "{\"id\":2} -> {\"id\":2,\"name\":\"b\",\"n\":5}",
                "{\"id\":2} -> null");
    }

    @Test
    void upsertSourceReadsTheTopicAsANormalizedChangelogAndRestoresItsMemory() throws Exception {
        produce("up-in", "{\"id\":1}", "{\"name\":\"a\",\"n\":1}", "{\"id\":2}", "{\"name\":\"b\",\"n\":1}",
                "{\"id\":1}", "{\"name\":\"a\",\"n\":2}", "{\"id\":1}", "{\"name\":\"a\",\"n\":2}",
                "{\"id\":3}", null, "{\"id\":2}", null);
        Map<String, String> options = upsert("up-in", Map.of("value.fields-include", "EXCEPT_KEY"));
        List<Row> rows = readAll(reader(options, null));
        assertThat(rows).containsExactly(
                Row.ofKind(RowKind.INSERT, 1L, "a", 1L),
                Row.ofKind(RowKind.INSERT, 2L, "b", 1L),
                Row.ofKind(RowKind.UPDATE_BEFORE, 1L, "a", 1L),
                Row.ofKind(RowKind.UPDATE_AFTER, 1L, "a", 2L),
                // the same row again: nothing; a tombstone of an unknown key: nothing
                Row.ofKind(RowKind.DELETE, 2L, "b", 1L));

        // a reader restored after the first three records knows keys 1 and 2
        Map<String, String> small = new HashMap<>(options);
        small.put("properties.max.poll.records", "1");
        List<Row> first = new ArrayList<>();
        byte[] position;
        try (SourceReader r = reader(small, null)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (first.size() < 2 && System.nanoTime() < deadline) {
                r.pollNext(first::add);
            }
            position = r.snapshotPosition(1);
        }
        assertThat(first).hasSize(2);
        List<Row> all = new ArrayList<>(first);
        all.addAll(readAll(reader(options, position)));
        assertThat(all).isEqualTo(rows);
    }

    @Test
    void aVersionOnePositionRestoresItsRowsAsRowsOfUnknownPartition() throws Exception {
        produce("up-v1", "{\"id\":1}", "{\"id\":1,\"name\":\"a\",\"n\":1}", "{\"id\":2}",
                "{\"id\":2,\"name\":\"b\",\"n\":1}", "{\"id\":1}", "{\"id\":1,\"name\":\"a\",\"n\":2}",
                "{\"id\":2}", null);
        Map<String, String> options = new HashMap<>(upsert("up-v1", Map.of()));
        options.put("properties.max.poll.records", "1");
        List<Row> first = new ArrayList<>();
        byte[] position;
        try (SourceReader r = reader(options, null)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (first.size() < 2 && System.nanoTime() < deadline) {
                r.pollNext(first::add);
            }
            position = r.snapshotPosition(1);
        }
        assertThat(first).containsExactly(Row.ofKind(RowKind.INSERT, 1L, "a", 1L),
                Row.ofKind(RowKind.INSERT, 2L, "b", 1L));
        // the same position as version 1 wrote it: offsets, then the row count and rows, without partitions
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(position));
        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(v1);
        assertThat(in.readByte()).isEqualTo(KafkaSourceReader.POSITION_VERSION);
        out.writeByte(1);
        int partitions = in.readInt();
        out.writeInt(partitions);
        for (int i = 0; i < partitions; i++) {
            out.writeUTF(in.readUTF());
            out.writeInt(in.readInt());
            out.writeLong(in.readLong());
        }
        assertThat(in.readInt()).as("one partition group").isEqualTo(1);
        assertThat(in.readUTF()).isEqualTo("up-v1");
        assertThat(in.readInt()).isZero();
        out.writeInt(in.readInt());
        out.write(in.readNBytes(in.readInt()));
        assertThat(in.available()).isZero();
        out.flush();
        // restored, the rows of unknown partition are the previous rows of their keys
        assertThat(readAll(reader(options, v1.toByteArray()))).containsExactly(
                Row.ofKind(RowKind.UPDATE_BEFORE, 1L, "a", 1L), Row.ofKind(RowKind.UPDATE_AFTER, 1L, "a", 2L),
                Row.ofKind(RowKind.DELETE, 2L, "b", 1L));
    }

    @Test
    void keyFieldsPrefixIsStrippedInTheKeyFormat() throws Exception {
        RowType schema = RowType.builder().add("k_id", DataType.bigint().notNull()).add("name", DataType.string())
                .build();
        Map<String, String> options = new HashMap<>(upsert("prefix-out", Map.of("key.fields-prefix", "k_",
                "value.fields-include", "EXCEPT_KEY", "key.format", "csv")));
        options.put(ConnectorOptions.PRIMARY_KEY, dev.weir.executor.connector.TableContext.encodePrimaryKey(List.of("k_id")));
        TableContext context = new TableContext("t", schema, options, Configuration.empty(), 0, 1, null);
        try (SinkWriter w = new UpsertKafkaConnectorFactory().createWriter(context)) {
            w.write(Row.of(7L, "x"));
            w.finish();
        }
        assertThat(records("prefix-out", 1)).containsExactly("7 -> {\"name\":\"x\"}");
    }

    @Test
    void upsertNeedsAPrimaryKeyAndInsertOnlyFormats() {
        Map<String, String> noKey = new HashMap<>(upsert("x", Map.of()));
        noKey.remove(ConnectorOptions.PRIMARY_KEY);
        assertThatThrownBy(() -> new UpsertKafkaConnectorFactory().validate(context(noKey, null), false))
                .isInstanceOf(WeirException.class).hasMessageContaining("PRIMARY KEY");
        Map<String, String> debezium = upsert("x", Map.of("value.format", "debezium-json"));
        assertThatThrownBy(() -> new UpsertKafkaConnectorFactory().validate(context(debezium, null), false))
                .isInstanceOf(WeirException.class).hasMessageContaining("insert-only");
        Map<String, String> prefixAll = upsert("x", Map.of("key.fields-prefix", "k_"));
        assertThatThrownBy(() -> new UpsertKafkaConnectorFactory().validate(context(prefixAll, null), false))
                .isInstanceOf(WeirException.class).hasMessageContaining("EXCEPT_KEY");
    }

    @Test
    void metadataColumnsAreNeitherKeyNorValueAndOnlyTimestampAndHeadersAreWritable() {
        RowType schema = RowType.builder().add("id", DataType.bigint().notNull()).add("name", DataType.string())
                .add("off", DataType.bigint()).build();
        Map<String, String> options = new HashMap<>(upsert("x", Map.of()));
        options.put(TableContext.METADATA_OPTION, TableContext.encodeMetadata(Map.of("off", "offset")));
        UpsertKafkaConnectorFactory factory = new UpsertKafkaConnectorFactory();
        assertThat(factory.readableMetadata()).containsKeys("topic", "partition", "offset", "timestamp",
                "timestamp-type", "headers", "leader-epoch");
        assertThat(factory.writableMetadata()).containsOnlyKeys("timestamp", "headers");
        factory.validate(new TableContext("t", schema, options, Configuration.empty(), 0, 1, null), true);
        assertThatThrownBy(() -> factory.validate(new TableContext("t", schema, options, Configuration.empty(), 0, 1,
                null), false)).isInstanceOf(WeirException.class).hasMessageContaining("cannot be written")
                .hasMessageContaining("VIRTUAL");
        Map<String, String> keyed = new HashMap<>(options);
        keyed.put(ConnectorOptions.PRIMARY_KEY, TableContext.encodePrimaryKey(List.of("off")));
        assertThatThrownBy(() -> factory.validate(new TableContext("t", schema, keyed, Configuration.empty(), 0, 1,
                null), true)).isInstanceOf(WeirException.class).hasMessageContaining("primary key column 'off'");
    }

    @Test
    void debeziumJsonSinkWritesEnvelopesAndTheSourceReadsThemBackAsTheSameChangelog() throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("connector", "kafka", "topic", "dbz",
                "properties.bootstrap.servers", bootstrap, "format", "debezium-json",
                "scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset"));
        assertThat(new KafkaConnectorFactory().acceptsUpdates(context(options, null))).isTrue();
        List<Row> changes = List.of(Row.ofKind(RowKind.INSERT, 1L, "a", 1L),
                Row.ofKind(RowKind.UPDATE_BEFORE, 1L, "a", 1L), Row.ofKind(RowKind.UPDATE_AFTER, 1L, "a", 2L),
                Row.ofKind(RowKind.DELETE, 1L, "a", 2L));
        try (SinkWriter w = new KafkaConnectorFactory().createWriter(context(options, null))) {
            for (Row r : changes) {
                w.write(r);
            }
            w.finish();
        }
        assertThat(records("dbz", 4)).containsExactly(
                "null -> {\"before\":null,\"after\":{\"id\":1,\"name\":\"a\",\"n\":1},\"op\":\"c\"}",
                "null -> {\"before\":{\"id\":1,\"name\":\"a\",\"n\":1},\"after\":null,\"op\":\"d\"}",
                "null -> {\"before\":null,\"after\":{\"id\":1,\"name\":\"a\",\"n\":2},\"op\":\"c\"}",
                "null -> {\"before\":{\"id\":1,\"name\":\"a\",\"n\":2},\"after\":null,\"op\":\"d\"}");
        // Flink's encoding of an update (a delete and a create) reads back as -D/+I
        assertThat(readAll(new KafkaConnectorFactory().createReader(context(options, null)))).containsExactly(
                Row.ofKind(RowKind.INSERT, 1L, "a", 1L), Row.ofKind(RowKind.DELETE, 1L, "a", 1L),
                Row.ofKind(RowKind.INSERT, 1L, "a", 2L), Row.ofKind(RowKind.DELETE, 1L, "a", 2L));
    }

    @Test
    void debeziumJsonSourceReadsCreateReadUpdateDeleteAndSkipsTombstones() throws Exception {
        produce("dbz-in", null, "{\"before\":null,\"after\":{\"id\":1,\"name\":\"a\",\"n\":1},\"op\":\"r\"}",
                null, "{\"before\":null,\"after\":{\"id\":2,\"name\":\"b\",\"n\":1},\"op\":\"c\",\"ts_ms\":1}",
                null, "{\"before\":{\"id\":1,\"name\":\"a\",\"n\":1},\"after\":{\"id\":1,\"name\":\"a\",\"n\":3},"
                        + "\"op\":\"u\",\"source\":{\"db\":\"x\"}}",
                null, "{\"before\":{\"id\":2,\"name\":\"b\",\"n\":1},\"after\":null,\"op\":\"d\"}",
                null, null);
        Map<String, String> options = Map.of("connector", "kafka", "topic", "dbz-in",
                "properties.bootstrap.servers", bootstrap, "value.format", "debezium-json",
                "scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset");
        assertThat(readAll(new KafkaConnectorFactory().createReader(context(options, null)))).containsExactly(
                Row.ofKind(RowKind.INSERT, 1L, "a", 1L), Row.ofKind(RowKind.INSERT, 2L, "b", 1L),
                Row.ofKind(RowKind.UPDATE_BEFORE, 1L, "a", 1L), Row.ofKind(RowKind.UPDATE_AFTER, 1L, "a", 3L),
                Row.ofKind(RowKind.DELETE, 2L, "b", 1L));
    }

    // ---- helpers

    /** Produces key/value pairs: {@code kv[2i]} is a key (or null for none), {@code kv[2i+1]} a value or null. */
    private static void produce(String topic, String... kv) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < kv.length; i += 2) {
                p.send(new ProducerRecord<>(topic, bytes(kv[i]), bytes(kv[i + 1]))).get();
            }
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> upsert(String topic, Map<String, String> extra) {
        Map<String, String> o = new HashMap<>(Map.of("connector", "upsert-kafka", "topic", topic,
                "properties.bootstrap.servers", bootstrap, "key.format", "json", "value.format", "json",
                "scan.bounded.mode", "latest-offset",
                ConnectorOptions.PRIMARY_KEY, dev.weir.executor.connector.TableContext.encodePrimaryKey(List.of("id"))));
        o.putAll(extra);
        return o;
    }

    private static TableContext context(Map<String, String> options, byte[] restored) {
        return new TableContext("t", SCHEMA, options, Configuration.empty(), 0, 1, restored);
    }

    private static SourceReader reader(Map<String, String> options, byte[] restored) throws Exception {
        return new UpsertKafkaConnectorFactory().createReader(context(options, restored));
    }

    private static List<Row> readAll(SourceReader r) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (r) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                if (r.pollNext(rows::add) == InputStatus.END_OF_INPUT) {
                    return rows;
                }
            }
        }
        throw new AssertionError("the bounded source did not end within 30 s; read " + rows);
    }

    /** Every record of the topic as {@code key -> value} ({@code null} for none), waiting for {@code count}. */
    private static List<String> records(String topic, int count) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            c.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && out.size() < count) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    out.add(text(r.key()) + " -> " + text(r.value()));
                }
            }
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
                out.add(text(r.key()) + " -> " + text(r.value()));
            }
        }
        return out;
    }

    private static String text(byte[] b) {
        return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
    }
}

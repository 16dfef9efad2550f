package dev.weir.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.Row;
import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.CollectionValues;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata columns and key columns of the {@code kafka} connector against a real broker. */
class KafkaMetadataIT {
    private static final long T0 = 1_700_000_000_000L;

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
    void readsOffsetPartitionTimestampKeyAndHeadersOfEachRecord() throws Exception {
        createTopic("meta-in", 2);
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            p.send(new ProducerRecord<>("meta-in", 0, T0 + 1, bytes("k1"), bytes("{\"id\":1,\"name\":\"a\"}"),
                    List.<Header>of(new RecordHeader("source", bytes("web")), new RecordHeader("trace", bytes("x\"1"))))).get();
            p.send(new ProducerRecord<>("meta-in", 1, T0 + 2, bytes("k2"), bytes("{\"id\":2,\"name\":\"b\"}"))).get();
            p.send(new ProducerRecord<>("meta-in", 0, T0 + 3, null, bytes("{\"id\":3,\"name\":\"c\"}"),
                    List.<Header>of(new RecordHeader("empty", null)))).get();
        }
        // declared order mixes metadata, value and key columns: each keeps its position
        RowType schema = RowType.builder()
                .add("off", DataType.bigint())
                .add("id", DataType.bigint())
                .add("k", DataType.string())
                .add("name", DataType.string())
                .add("part", DataType.of(TypeRoot.INT))
                .add("ts", DataType.of(TypeRoot.TIMESTAMP_LTZ, 3))
                .add("ts_type", DataType.string())
                .add("headers", DataType.map(DataType.string(), DataType.of(TypeRoot.BYTES)))
                .add("topic", DataType.string())
                .add("epoch", DataType.of(TypeRoot.INT))
                .build();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("off", "offset");
        metadata.put("part", "partition");
        metadata.put("ts", "timestamp");
        metadata.put("ts_type", "timestamp-type");
        metadata.put("headers", "headers");
        metadata.put("topic", "topic");
        metadata.put("epoch", "leader-epoch");
        Map<String, String> options = source("meta-in", metadata);
        options.put("key.format", "raw");
        options.put("key.fields", "k");
        options.put("value.fields-include", "EXCEPT_KEY");

        List<Row> rows = readAll(schema, options);
        rows.sort(Comparator.comparing(r -> (Long) r.field(1)));
        // headers are a MAP<STRING, BYTES> in header order (byte[] values: compared as text here)
        List<Row> readable = new ArrayList<>();
        for (Row r : rows) {
            Object[] values = new Object[r.arity()];
            for (int i = 0; i < values.length; i++) {
                values[i] = r.field(i);
            }
            values[7] = headerTexts((Map<?, ?>) r.field(7));
            readable.add(Row.of(values));
        }
        assertThat(readable).containsExactly(
                Row.of(0L, 1L, "k1", "a", 0, T0 + 1, "CreateTime", List.of("source=web", "trace=x\"1"), "meta-in", 0),
                Row.of(0L, 2L, "k2", "b", 1, T0 + 2, "CreateTime", List.of(), "meta-in", 0),
                Row.of(1L, 3L, null, "c", 0, T0 + 3, "CreateTime", List.of("empty=null"), "meta-in", 0));
        assertThat(((Map<?, ?>) rows.get(0).field(7)).get("source")).isEqualTo(bytes("web"));
    }

    @Test
    void writesTimestampHeadersAndKeyThatAPlainConsumerReads() throws Exception {
        RowType schema = RowType.builder()
                .add("id", DataType.bigint())
                .add("ts", DataType.of(TypeRoot.TIMESTAMP_LTZ, 3))
                .add("user", DataType.string())
                .add("headers", DataType.map(DataType.string(), DataType.of(TypeRoot.BYTES)))
                .build();
        Map<String, String> options = new HashMap<>(Map.of("connector", "kafka", "topic", "meta-out",
                "properties.bootstrap.servers", bootstrap, "value.format", "json", "key.format", "json",
                "key.fields", "user", TableContext.METADATA_OPTION,
                TableContext.encodeMetadata(Map.of("ts", "timestamp", "headers", "headers"))));
        SinkWriter w = new KafkaConnectorFactory().createWriter(context(schema, options));
        LinkedHashMap<Object, Object> written = new LinkedHashMap<>();
        written.put("source", bytes("weir"));
        written.put("n", bytes("7"));
        written.put("empty", null);
        w.write(Row.of(1L, T0 + 500, "ann", CollectionValues.map(written)));
        w.write(Row.of(2L, T0 + 1500, "bob", null));
        w.finish();
        w.close();

        List<ConsumerRecord<byte[], byte[]>> records = consume("meta-out", 2);
        assertThat(records).hasSize(2);
        ConsumerRecord<byte[], byte[]> first = records.get(0);
        assertThat(first.timestamp()).isEqualTo(T0 + 500);
        assertThat(text(first.key())).isEqualTo("{\"user\":\"ann\"}");
        assertThat(text(first.value())).isEqualTo("{\"id\":1,\"user\":\"ann\"}");
        List<String> headers = new ArrayList<>();
        first.headers().forEach(h -> headers.add(h.key() + "=" + text(h.value())));
        assertThat(headers).containsExactly("source=weir", "n=7", "empty=null");
        assertThat(first.headers().lastHeader("empty").value()).isNull();
        ConsumerRecord<byte[], byte[]> second = records.get(1);
        assertThat(second.timestamp()).isEqualTo(T0 + 1500);
        assertThat(text(second.key())).isEqualTo("{\"user\":\"bob\"}");
        assertThat(second.headers().toArray()).isEmpty();

        // and Weir reads the written timestamp back as metadata
        RowType readSchema = RowType.builder().add("id", DataType.bigint()).add("user", DataType.string())
                .add("ts", DataType.of(TypeRoot.TIMESTAMP_LTZ, 3)).build();
        Map<String, String> read = source("meta-out", Map.of("ts", "timestamp"));
        assertThat(readAll(readSchema, read)).containsExactly(Row.of(1L, "ann", T0 + 500), Row.of(2L, "bob", T0 + 1500));
    }

    private static List<String> headerTexts(Map<?, ?> headers) {
        List<String> texts = new ArrayList<>();
        headers.forEach((k, v) -> texts.add(k + "=" + (v == null ? "null" : text((byte[]) v))));
        return texts;
    }

    @Test
    void aSinkRefusesReadOnlyMetadataAndNamesTheFix() {
        RowType schema = RowType.builder().add("id", DataType.bigint()).add("off", DataType.bigint()).build();
        Map<String, String> options = new HashMap<>(Map.of("connector", "kafka", "topic", "x",
                "properties.bootstrap.servers", bootstrap, "format", "json", TableContext.METADATA_OPTION,
                TableContext.encodeMetadata(Map.of("off", "offset"))));
        assertThatThrownBy(() -> new KafkaConnectorFactory().validate(context(schema, options), false))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("metadata column 'off' (key 'offset') cannot be written")
                .hasMessageContaining("'headers', 'timestamp'")
                .hasMessageContaining("VIRTUAL");
        // reading it is fine
        new KafkaConnectorFactory().validate(context(schema, source("x", Map.of("off", "offset"))), true);
    }

    @Test
    void keyOptionsAreCheckedTogether() {
        RowType schema = RowType.builder().add("id", DataType.bigint()).add("name", DataType.string()).build();
        Map<String, String> noFields = source("x", Map.of());
        noFields.put("key.format", "json");
        assertThatThrownBy(() -> new KafkaConnectorFactory().validate(context(schema, noFields), true))
                .hasMessageContaining("'key.format' needs 'key.fields'");
        Map<String, String> unknown = source("x", Map.of());
        unknown.put("key.format", "json");
        unknown.put("key.fields", "nope");
        assertThatThrownBy(() -> new KafkaConnectorFactory().validate(context(schema, unknown), true))
                .hasMessageContaining("'key.fields' names 'nope', which is not a physical column")
                .hasMessageContaining("Physical columns: id, name");
        Map<String, String> prefix = source("x", Map.of());
        prefix.put("key.format", "json");
        prefix.put("key.fields", "id");
        prefix.put("key.fields-prefix", "k_");
        prefix.put("value.fields-include", "EXCEPT_KEY");
        assertThatThrownBy(() -> new KafkaConnectorFactory().validate(context(schema, prefix), true))
                .hasMessageContaining("key column 'id' does not start with 'key.fields-prefix' = 'k_'");
    }

    // ---- helpers

    private static Map<String, String> source(String topic, Map<String, String> metadata) {
        Map<String, String> o = new HashMap<>(Map.of("connector", "kafka", "topic", topic,
                "properties.bootstrap.servers", bootstrap, "scan.startup.mode", "earliest-offset",
                "scan.bounded.mode", "latest-offset", "value.format", "json"));
        if (!metadata.isEmpty()) {
            o.put(TableContext.METADATA_OPTION, TableContext.encodeMetadata(metadata));
        }
        return o;
    }

    private static TableContext context(RowType schema, Map<String, String> options) {
        return new TableContext("t", schema, options, Configuration.empty(), 0, 1, null);
    }

    private static List<Row> readAll(RowType schema, Map<String, String> options) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (SourceReader r = new KafkaConnectorFactory().createReader(context(schema, options))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (r.pollNext(rows::add) != InputStatus.END_OF_INPUT) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the bounded source did not end within 30 s; read " + rows);
                }
            }
        }
        return rows;
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), new ByteArraySerializer(),
                new ByteArraySerializer());
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}

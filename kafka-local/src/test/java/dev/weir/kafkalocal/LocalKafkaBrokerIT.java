package dev.weir.kafkalocal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerIT {
    @TempDir
    Path dir;

    @Test
    void producesAndConsumesAndKeepsDataAcrossRestart() throws Exception {
        String topic = "greetings";
        try (LocalKafkaBroker broker = new LocalKafkaBroker()) {
            String bootstrap = broker.start(dir);
            assertThat(bootstrap).startsWith("127.0.0.1:");
            produce(bootstrap, topic, "hello", "world");
            assertThat(consume(bootstrap, topic, 2)).containsExactly("hello", "world");
        }
        try (LocalKafkaBroker broker = new LocalKafkaBroker()) {
            String bootstrap = broker.start(dir);
            produce(bootstrap, topic, "again");
            assertThat(consume(bootstrap, topic, 3)).containsExactly("hello", "world", "again");
        }
    }

    private static void produce(String bootstrap, String topic, String... values) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String v : values) {
                p.send(new ProducerRecord<>(topic, v.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    private static List<String> consume(String bootstrap, String topic, int count) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }
}

package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.config.Configuration;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import dev.weir.executor.runtime.LocalJob;
import dev.weir.kafkalocal.LocalKafkaBroker;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A temporal join against an {@code upsert-kafka} versioned table on a real broker: its changelog
 * (+I, -U/+U for a new version of a key, -D for a tombstone) selects the versions, end to end.
 */
class TemporalJoinKafkaIT {
    private static final String T = "2024-01-01 10:00:";

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
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("rates", 1, (short) 1))).all().get();
        }
        // In time order per key. The tombstone deletes EUR's row of 05 (an upsert -D carries the row it
        // deletes) while the rates' watermark is still behind 05, so whether an order is joined does not
        // depend on how the two sources interleave. USD's second row is -U of the first, then +U.
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            send(p, "EUR", rate("EUR", 110, "00.000"));
            send(p, "USD", rate("USD", 100, "00.000"));
            send(p, "EUR", rate("EUR", 112, "05.000"));
            send(p, "EUR", null);
            send(p, "USD", rate("USD", 99, "12.000"));
            send(p, "GBP", rate("GBP", 130, "20.000"));
        }
    }

    private static String rate(String currency, int rate, String time) {
        return "{\"currency\":\"" + currency + "\",\"rate\":" + rate + ",\"update_time\":\"" + T + time + "\"}";
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String key, String value) {
        p.send(new ProducerRecord<>("rates", 0, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void ordersJoinTheUpsertVersionValidAtTheirTime(int parallelism) throws Exception {
        Path orders = tmp.resolve("orders.json");
        Files.writeString(orders, String.join("\n",
                order(1, "EUR", "01.000"), order(2, "EUR", "04.000"), order(3, "EUR", "06.000"),
                order(4, "USD", "05.000"), order(5, "USD", "13.000"), order(6, "EUR", "30.000"),
                order(7, "GBP", "30.000")) + "\n");
        Path out = tmp.resolve("out-" + parallelism);
        String sql = """
                CREATE TABLE orders (id BIGINT, currency STRING, order_time TIMESTAMP(3),
                  WATERMARK FOR order_time AS order_time - INTERVAL '2' SECOND)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'json');
                CREATE TABLE rates (currency STRING, rate INT, update_time TIMESTAMP(3),
                  WATERMARK FOR update_time AS update_time - INTERVAL '2' SECOND,
                  PRIMARY KEY (currency) NOT ENFORCED
                ) WITH ('connector' = 'upsert-kafka', 'topic' = 'rates', 'properties.bootstrap.servers' = '%s',
                  'key.format' = 'raw', 'value.format' = 'json', 'scan.bounded.mode' = 'latest-offset');
                CREATE TABLE joined (id BIGINT, rate INT, update_time TIMESTAMP(3))
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO joined
                SELECT o.id, r.rate, r.update_time
                FROM orders AS o LEFT JOIN rates FOR SYSTEM_TIME AS OF o.order_time AS r
                ON o.currency = r.currency;
                """.formatted(orders, bootstrap, out);
        Configuration config = Configuration.empty().with("state.checkpoints.dir", tmp.resolve("chk").toString())
                .with("io.tmp.dirs", tmp.resolve("work").toString())
                .with("parallelism.default", String.valueOf(parallelism));
        Script script = new Script("t.sql", sql);
        SqlSession session = new SqlSession(config);
        int jobs = 0;
        for (Statement s : ScriptParser.parse(script)) {
            if (session.execute(s, script) instanceof StatementResult.RunJob job) {
                JobResult result = LocalJob.submit(job.plan(), job.config()).await();
                assertThat(result.status()).as("failure: %s", result.failureCause()).isEqualTo(JobStatus.FINISHED);
                jobs++;
            }
        }
        assertThat(jobs).isEqualTo(1);
        // EUR: 110 from 00, deleted from 05 on (the tombstone's -D carries the time of the row it deletes);
        // USD: the -U of 100 is no end of it, 99 from 12; GBP: 130 from 20.
        assertThat(ChangelogFiles.visibleLines(out)).containsExactlyInAnyOrder(
                "1,110," + T + "00.000", "2,110," + T + "00.000", "3,,", "4,100," + T + "00.000",
                "5,99," + T + "12.000", "6,,", "7,130," + T + "20.000");
    }

    private static String order(long id, String currency, String time) {
        return "{\"id\":" + id + ",\"currency\":\"" + currency + "\",\"order_time\":\"" + T + time + "\"}";
    }
}

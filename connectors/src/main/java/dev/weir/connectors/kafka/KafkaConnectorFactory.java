package dev.weir.connectors.kafka;

import dev.weir.core.type.DataType;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code kafka} connector, with Flink's option names: reads topics (manual partition
 * assignment, offsets in the checkpoint) and writes one topic with delivery guarantee none,
 * at-least-once or exactly-once (Kafka transactions committed when a checkpoint completes).
 * See {@code docs/kafka.md}.
 */
public final class KafkaConnectorFactory implements ConnectorFactory {
    public static final String IDENTIFIER = "kafka";

    private static final Set<String> REQUIRED = Set.of(KafkaTableOptions.BOOTSTRAP_SERVERS);
    private static final Set<String> OPTIONAL;

    static {
        Set<String> keys = new HashSet<>(Set.of(KafkaTableOptions.TOPIC, KafkaTableOptions.TOPIC_PATTERN,
                KafkaTableOptions.GROUP_ID, "properties.*", "properties.*.*", "properties.*.*.*",
                "properties.*.*.*.*", KafkaTableOptions.SCAN_STARTUP_MODE,
                KafkaTableOptions.SCAN_STARTUP_TIMESTAMP, KafkaTableOptions.SCAN_STARTUP_SPECIFIC_OFFSETS,
                KafkaTableOptions.SCAN_BOUNDED_MODE, KafkaTableOptions.SCAN_PARTITION_DISCOVERY,
                KafkaTableOptions.FORMAT, KafkaTableOptions.VALUE_FORMAT, KafkaTableOptions.DELIVERY_GUARANTEE,
                KafkaTableOptions.TRANSACTIONAL_ID_PREFIX, KafkaTableOptions.SINK_PARTITIONER,
                KafkaTableLayout.KEY_FORMAT, KafkaTableLayout.KEY_FIELDS, KafkaTableLayout.KEY_FIELDS_PREFIX,
                KafkaTableLayout.VALUE_FIELDS_INCLUDE, dev.weir.executor.runtime.TableParallelism.SCAN_PARALLELISM,
                dev.weir.executor.runtime.TableParallelism.SINK_PARALLELISM));
        keys.addAll(KafkaTableOptions.formatOptionKeys());
        keys.addAll(KafkaTableOptions.keyFormatOptionKeys());
        OPTIONAL = Set.copyOf(keys);
    }

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<String> requiredOptions() {
        return REQUIRED;
    }

    @Override
    public Set<String> optionalOptions() {
        return OPTIONAL;
    }

    /** Flink's Kafka metadata: topic, partition, headers, leader-epoch, offset, timestamp, timestamp-type. */
    @Override
    public Map<String, DataType> readableMetadata() {
        return KafkaMetadata.readable();
    }

    /** Flink's writable Kafka metadata: the record's timestamp and headers. */
    @Override
    public Map<String, DataType> writableMetadata() {
        return KafkaMetadata.writable();
    }

    @Override
    public boolean isSource() {
        return true;
    }

    @Override
    public boolean isSink() {
        return true;
    }

    @Override
    public void validate(TableContext context, boolean asSource) {
        KafkaTableOptions.from(context, asSource);
    }

    /** With a changelog format ({@code debezium-json}) the sink writes updates and deletes too. */
    @Override
    public boolean acceptsUpdates(TableContext context) {
        return KafkaTableOptions.from(context, false).format().isChangelog();
    }

    /** With a changelog format ({@code debezium-json}) the topic is read as updates and deletes too. */
    @Override
    public boolean producesUpdates(TableContext context) {
        return KafkaTableOptions.from(context, true).format().isChangelog();
    }

    @Override
    public boolean isBounded(TableContext context) {
        return KafkaTableOptions.from(context, true).bounded();
    }

    @Override
    public SourceReader createReader(TableContext context) throws Exception {
        return new KafkaSourceReader(KafkaTableOptions.from(context, true), context);
    }

    /** Every new subtask gets all old offsets and seeks its own partitions ({@link KafkaRescaling}). */
    @Override
    public byte[] rescaledPosition(TableContext context, List<byte[]> oldPositions) {
        return KafkaRescaling.mergePositions(context.tableName(), oldPositions, false);
    }

    /** New subtask i commits the transactions of old subtasks i, i + p', ... ({@link KafkaRescaling}). */
    @Override
    public byte[] rescaledCommittable(TableContext context, List<byte[]> oldCommittables) {
        return KafkaRescaling.bundleCommittables(oldCommittables, context.subtaskIndex(), context.parallelism());
    }

    @Override
    public SinkWriter createWriter(TableContext context) throws Exception {
        return new KafkaSinkWriter(KafkaTableOptions.from(context, false), context);
    }
}

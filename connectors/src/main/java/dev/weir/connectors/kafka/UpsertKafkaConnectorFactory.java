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
 * The {@code upsert-kafka} connector, with Flink's option names: a table with a PRIMARY KEY kept
 * in a topic as records keyed by it. Writing takes a changelog (+I/+U → the row, -D → a
 * tombstone, -U dropped); reading yields the changelog of the topic's rows per key (+I, -U/+U,
 * -D). Delivery guarantees and exactly-once transactions are those of the {@code kafka} sink.
 * See {@code docs/kafka.md}.
 */
public final class UpsertKafkaConnectorFactory implements ConnectorFactory {
    public static final String IDENTIFIER = "upsert-kafka";

    private static final Set<String> REQUIRED = Set.of(KafkaTableOptions.TOPIC, KafkaTableOptions.BOOTSTRAP_SERVERS,
            UpsertKafkaTable.KEY_FORMAT, KafkaTableOptions.VALUE_FORMAT);
    private static final Set<String> OPTIONAL;

    static {
        Set<String> keys = new HashSet<>(Set.of("properties.*", "properties.*.*", "properties.*.*.*",
                "properties.*.*.*.*", UpsertKafkaTable.KEY_FIELDS_PREFIX, UpsertKafkaTable.VALUE_FIELDS_INCLUDE,
                KafkaTableOptions.SCAN_BOUNDED_MODE, KafkaTableOptions.DELIVERY_GUARANTEE,
                KafkaTableOptions.TRANSACTIONAL_ID_PREFIX, dev.weir.executor.runtime.TableParallelism.SCAN_PARALLELISM,
                dev.weir.executor.runtime.TableParallelism.SINK_PARALLELISM));
        for (String k : KafkaTableOptions.FORMAT_OPTIONS) {
            keys.add("key." + k);
            keys.add("value." + k);
        }
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

    /** As for {@code kafka} (Flink's upsert-kafka offers the same): topic, partition, headers, ..., timestamp-type. */
    @Override
    public Map<String, DataType> readableMetadata() {
        return KafkaMetadata.readable();
    }

    /** As for {@code kafka}: the record's timestamp and headers. */
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
        UpsertKafkaTable.from(context, asSource);
    }

    @Override
    public boolean acceptsUpdates(TableContext context) {
        return true;
    }

    @Override
    public boolean producesUpdates(TableContext context) {
        return true;
    }

    @Override
    public boolean isBounded(TableContext context) {
        return UpsertKafkaTable.from(context, true).kafka().bounded();
    }

    @Override
    public SourceReader createReader(TableContext context) throws Exception {
        UpsertKafkaTable table = UpsertKafkaTable.from(context, true);
        return new KafkaSourceReader(table.kafka(), context, new UpsertRecordDecoder(table, context.schema()));
    }

    /** Every new subtask gets all old offsets and seeks its own partitions ({@link KafkaRescaling}). */
    @Override
    public byte[] rescaledPosition(TableContext context, List<byte[]> oldPositions) {
        return KafkaRescaling.mergePositions(context.tableName(), oldPositions, true);
    }

    /** New subtask i commits the transactions of old subtasks i, i + p', ... ({@link KafkaRescaling}). */
    @Override
    public byte[] rescaledCommittable(TableContext context, List<byte[]> oldCommittables) {
        return KafkaRescaling.bundleCommittables(oldCommittables, context.subtaskIndex(), context.parallelism());
    }

    @Override
    public SinkWriter createWriter(TableContext context) throws Exception {
        UpsertKafkaTable table = UpsertKafkaTable.from(context, false);
        return new KafkaSinkWriter(table.kafka(), context, new UpsertRecordEncoder(table));
    }
}

package dev.weir.connectors.kafka;

import dev.weir.connectors.options.ConnectorOptions;
import dev.weir.core.WeirException;
import dev.weir.core.type.RowType;
import dev.weir.executor.connector.TableContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The parsed options of an {@code upsert-kafka} table: the Kafka part (topic, client properties,
 * delivery guarantee, value format over the value columns) as a {@link KafkaTableOptions}, plus
 * the record key: the PRIMARY KEY columns in the key format.
 *
 * @param kafka        the topic, client and value-format options
 * @param keyIndexes   the primary key columns' positions in the table's physical row
 * @param keyFormat    the key format, over the key columns (without {@code key.fields-prefix})
 * @param valueIndexes the positions of the columns in the value (all physical ones, or all but the key)
 * @param arity        the table's column count (physical and metadata columns)
 * @param metadata     per column, the Kafka metadata it carries ({@code METADATA} columns, as for
 *                     {@code kafka}), or null for a physical column
 */
record UpsertKafkaTable(KafkaTableOptions kafka, int[] keyIndexes, KafkaFormat keyFormat, int[] valueIndexes,
        int arity, KafkaMetadata[] metadata) {

    static final String KEY_FORMAT = "key.format";
    static final String KEY_FIELDS_PREFIX = "key.fields-prefix";
    static final String VALUE_FIELDS_INCLUDE = "value.fields-include";

    UpsertKafkaTable {
        Objects.requireNonNull(kafka, "kafka is null");
        Objects.requireNonNull(keyFormat, "keyFormat is null");
        Objects.requireNonNull(metadata, "metadata is null");
    }

    /** Parses and checks the options, throwing a {@link WeirException} that names the bad key. */
    static UpsertKafkaTable from(TableContext context, boolean asSource) {
        ConnectorOptions o = new ConnectorOptions(context.tableName(), context.options());
        UpsertKafkaConnectorFactory factory = new UpsertKafkaConnectorFactory();
        o.checkKeys(UpsertKafkaConnectorFactory.IDENTIFIER, factory.requiredOptions(), factory.optionalOptions());
        String table = context.tableName();
        RowType schema = context.schema();
        KafkaMetadata[] metadata = KafkaTableLayout.metadataOf(table, UpsertKafkaConnectorFactory.IDENTIFIER, schema,
                context.metadataColumns(), asSource);

        List<String> primaryKey = o.primaryKey();
        if (primaryKey.isEmpty()) {
            throw new WeirException("Table '" + table + "': connector 'upsert-kafka' needs a primary key, which becomes "
                    + "the Kafka record key. Add PRIMARY KEY (column, ...) NOT ENFORCED to the table.");
        }
        String prefix = o.getString(KEY_FIELDS_PREFIX, "");
        String include = o.getString(VALUE_FIELDS_INCLUDE, "ALL").trim().toUpperCase(Locale.ROOT);
        if (!include.equals("ALL") && !include.equals("EXCEPT_KEY")) {
            throw o.invalid(VALUE_FIELDS_INCLUDE, o.raw(VALUE_FIELDS_INCLUDE), "'ALL' or 'EXCEPT_KEY'");
        }
        if (!prefix.isEmpty() && include.equals("ALL")) {
            throw new WeirException("Table '" + table + "': '" + KEY_FIELDS_PREFIX + "' needs '" + VALUE_FIELDS_INCLUDE
                    + "' = 'EXCEPT_KEY' (the value cannot hold the prefixed key columns). Set it.");
        }

        int[] keyIndexes = new int[primaryKey.size()];
        List<RowType.Field> keyFields = new ArrayList<>();
        boolean[] isKey = new boolean[schema.arity()];
        for (int i = 0; i < keyIndexes.length; i++) {
            String column = primaryKey.get(i);
            keyIndexes[i] = schema.indexOf(column);
            if (keyIndexes[i] < 0 || metadata[keyIndexes[i]] != null) {
                throw new WeirException("Table '" + table + "': primary key column '" + column + "' is not a physical "
                        + "column; upsert-kafka writes only physical columns.");
            }
            if (!column.startsWith(prefix)) {
                throw new WeirException("Table '" + table + "': primary key column '" + column + "' does not start "
                        + "with '" + KEY_FIELDS_PREFIX + "' = '" + prefix + "'. Rename the column or change the prefix.");
            }
            isKey[keyIndexes[i]] = true;
            keyFields.add(new RowType.Field(column.substring(prefix.length()), schema.type(keyIndexes[i])));
        }
        List<Integer> values = new ArrayList<>();
        List<RowType.Field> valueFields = new ArrayList<>();
        for (int i = 0; i < schema.arity(); i++) {
            if (metadata[i] == null && (include.equals("ALL") || !isKey[i])) {
                values.add(i);
                valueFields.add(schema.field(i));
            }
        }
        if (valueFields.isEmpty()) {
            throw new WeirException("Table '" + table + "': with '" + VALUE_FIELDS_INCLUDE + "' = 'EXCEPT_KEY' the "
                    + "value has no columns. Add a non-key column or use 'ALL'.");
        }
        int[] valueIndexes = new int[values.size()];
        for (int i = 0; i < valueIndexes.length; i++) {
            valueIndexes[i] = values.get(i);
        }

        KafkaTableOptions kafka = KafkaTableOptions.from(new TableContext(table, new RowType(valueFields),
                kafkaOptions(o), context.jobConfig(), context.subtaskIndex(), context.parallelism(),
                context.restoredState()), asSource);
        KafkaFormat keyFormat = KafkaFormat.from(o, KEY_FORMAT, "key.", new RowType(keyFields), kafka.zone());
        if (keyFormat.isChangelog() || kafka.format().isChangelog()) {
            throw new WeirException("Table '" + table + "': upsert-kafka needs insert-only formats for '" + KEY_FORMAT
                    + "' and 'value.format' ('json', 'csv' or 'raw'): the key and the tombstones already make the "
                    + "changelog. For debezium-json use connector 'kafka'.");
        }
        if (keyFormat.kind() == KafkaFormat.Kind.RAW && !KafkaTableOptions.fitsRaw(new RowType(keyFields))) {
            throw new WeirException("Table '" + table + "': 'key.format' = 'raw' needs a primary key of one STRING or "
                    + "BYTES column. Use 'json' or 'csv'.");
        }
        return new UpsertKafkaTable(kafka, keyIndexes, keyFormat, valueIndexes, schema.arity(), metadata);
    }

    /**
     * The options of the equivalent {@code kafka} table: the topic, client properties, value
     * format and sink options; reading always starts at the earliest offset, as in Flink (the
     * whole topic is the table).
     */
    private static Map<String, String> kafkaOptions(ConnectorOptions o) {
        Map<String, String> out = new HashMap<>();
        out.put(ConnectorOptions.CONNECTOR, KafkaConnectorFactory.IDENTIFIER);
        out.put(KafkaTableOptions.SCAN_STARTUP_MODE, "earliest-offset");
        for (Map.Entry<String, String> e : o.all().entrySet()) {
            String key = e.getKey();
            if (key.startsWith(KafkaTableOptions.PROPERTIES_PREFIX) || key.equals(KafkaTableOptions.TOPIC)
                    || key.equals(KafkaTableOptions.SCAN_BOUNDED_MODE) || key.startsWith("sink.")
                    || (key.startsWith("value.") && !key.equals(VALUE_FIELDS_INCLUDE))) {
                out.put(key, e.getValue());
            }
        }
        return out;
    }

    /** The key columns of a physical row, in key order. */
    Object[] keyOf(dev.weir.core.Row row) {
        Object[] key = new Object[keyIndexes.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = row.field(keyIndexes[i]);
        }
        return key;
    }

    /** The value columns of a physical row. */
    Object[] valueOf(dev.weir.core.Row row) {
        Object[] value = new Object[valueIndexes.length];
        for (int i = 0; i < value.length; i++) {
            value[i] = row.field(valueIndexes[i]);
        }
        return value;
    }
}

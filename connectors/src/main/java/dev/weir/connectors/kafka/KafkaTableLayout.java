package dev.weir.connectors.kafka;

import dev.weir.connectors.options.ConnectorOptions;
import dev.weir.core.WeirException;
import dev.weir.core.type.RowType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where each column of a {@code kafka} table's row lives in a record: in the value (the value format's
 * columns), in the key ({@code key.fields} in {@code key.format}, as in Flink) or in the record's
 * metadata ({@code METADATA} columns).
 *
 * @param valueSchema  the columns the value format reads and writes
 * @param valueIndexes their positions in the table's row
 * @param keySchema    the key format's columns (names without {@code key.fields-prefix}), or null without a key
 * @param keyIndexes   their positions in the table's row
 * @param metadata     per column of the row, its metadata, or null for a key or value column
 */
record KafkaTableLayout(RowType valueSchema, int[] valueIndexes, RowType keySchema, int[] keyIndexes,
        KafkaMetadata[] metadata) {

    static final String KEY_FORMAT = "key.format";
    static final String KEY_FIELDS = "key.fields";
    static final String KEY_FIELDS_PREFIX = "key.fields-prefix";
    static final String VALUE_FIELDS_INCLUDE = "value.fields-include";

    KafkaTableLayout {
        Objects.requireNonNull(valueSchema, "valueSchema is null");
    }

    /** Parses the key options and the planner's metadata columns against the schema. */
    static KafkaTableLayout from(ConnectorOptions o, RowType schema, Map<String, String> metadataColumns,
            boolean asSource) {
        String table = o.tableName();
        KafkaMetadata[] metadata = metadataOf(table, KafkaConnectorFactory.IDENTIFIER, schema, metadataColumns, asSource);

        boolean hasKeyFormat = o.has(KEY_FORMAT);
        String include = o.getString(VALUE_FIELDS_INCLUDE, "ALL").trim().toUpperCase(Locale.ROOT);
        if (!include.equals("ALL") && !include.equals("EXCEPT_KEY")) {
            throw o.invalid(VALUE_FIELDS_INCLUDE, o.raw(VALUE_FIELDS_INCLUDE), "'ALL' or 'EXCEPT_KEY'");
        }
        String prefix = o.getString(KEY_FIELDS_PREFIX, "");
        if (o.has(KEY_FIELDS) && !hasKeyFormat) {
            throw new WeirException("Table '" + table + "': option '" + KEY_FIELDS + "' needs a key format: set '"
                    + KEY_FORMAT + "' ('json', 'csv' or 'raw').");
        }
        if (hasKeyFormat && (!o.has(KEY_FIELDS) || o.raw(KEY_FIELDS).isBlank())) {
            throw new WeirException("Table '" + table + "': option '" + KEY_FORMAT + "' needs '" + KEY_FIELDS
                    + "', the ';'-separated physical columns that make the record key, such as 'user_id'.");
        }
        if (!prefix.isEmpty() && !include.equals("EXCEPT_KEY")) {
            throw new WeirException("Table '" + table + "': '" + KEY_FIELDS_PREFIX + "' needs '" + VALUE_FIELDS_INCLUDE
                    + "' = 'EXCEPT_KEY' (the value cannot hold the prefixed key columns). Set it.");
        }
        if (!hasKeyFormat && include.equals("EXCEPT_KEY")) {
            throw new WeirException("Table '" + table + "': '" + VALUE_FIELDS_INCLUDE + "' = 'EXCEPT_KEY' needs a key: "
                    + "set '" + KEY_FORMAT + "' and '" + KEY_FIELDS + "'.");
        }

        RowType keySchema = null;
        int[] keyIndexes = new int[0];
        Set<Integer> keyColumns = new HashSet<>();
        if (hasKeyFormat) {
            List<RowType.Field> keyFields = new ArrayList<>();
            List<Integer> indexes = new ArrayList<>();
            for (String raw : o.raw(KEY_FIELDS).split(";")) {
                String column = raw.trim();
                if (column.isEmpty()) {
                    continue;
                }
                int index = schema.indexOf(column);
                if (index < 0 || metadata[index] != null) {
                    throw new WeirException("Table '" + table + "': '" + KEY_FIELDS + "' names '" + column
                            + "', which is not a physical column" + (asSource ? "" : " written by the sink")
                            + ". Physical columns: " + physicalNames(schema, metadata) + ".");
                }
                if (!keyColumns.add(index)) {
                    throw new WeirException("Table '" + table + "': '" + KEY_FIELDS + "' names '" + column
                            + "' twice. Name each key column once.");
                }
                if (!column.startsWith(prefix)) {
                    throw new WeirException("Table '" + table + "': key column '" + column + "' does not start with '"
                            + KEY_FIELDS_PREFIX + "' = '" + prefix + "'. Rename the column or change the prefix.");
                }
                keyFields.add(new RowType.Field(column.substring(prefix.length()), schema.type(index)));
                indexes.add(index);
            }
            keySchema = new RowType(keyFields);
            keyIndexes = indexes.stream().mapToInt(Integer::intValue).toArray();
        }

        List<RowType.Field> valueFields = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < schema.arity(); i++) {
            if (metadata[i] == null && (include.equals("ALL") || !keyColumns.contains(i))) {
                valueFields.add(schema.field(i));
                values.add(i);
            }
        }
        if (valueFields.isEmpty()) {
            throw new WeirException("Table '" + table + "': the record value has no columns (all are key or metadata "
                    + "columns). Add a physical column" + (include.equals("EXCEPT_KEY") ? " or set '"
                    + VALUE_FIELDS_INCLUDE + "' = 'ALL'" : "") + ".");
        }
        return new KafkaTableLayout(new RowType(valueFields), values.stream().mapToInt(Integer::intValue).toArray(),
                keySchema, keyIndexes, metadata);
    }

    /**
     * Per column of {@code schema}: the Kafka metadata it carries (the planner's column → key map), or
     * null for a physical column. A sink refuses a key it cannot write.
     */
    static KafkaMetadata[] metadataOf(String table, String connector, RowType schema,
            Map<String, String> metadataColumns, boolean asSource) {
        KafkaMetadata[] metadata = new KafkaMetadata[schema.arity()];
        for (int i = 0; i < schema.arity(); i++) {
            String key = metadataColumns.get(schema.field(i).name());
            if (key == null) {
                continue;
            }
            metadata[i] = KafkaMetadata.of(key);
            if (metadata[i] == null) {
                throw new WeirException("Table '" + table + "': unknown metadata key '" + key + "' (column '"
                        + schema.field(i).name() + "'). Connector '" + connector + "' offers: '"
                        + String.join("', '", KafkaMetadata.readable().keySet()) + "'.");
            }
            if (!asSource && !metadata[i].writable) {
                throw new WeirException("Table '" + table + "': metadata column '" + schema.field(i).name()
                        + "' (key '" + key + "') cannot be written: a Kafka sink writes only " + KafkaMetadata.writableKeys()
                        + ". Declare the column VIRTUAL (METADATA FROM '" + key + "' VIRTUAL) so INSERT INTO leaves it out.");
            }
        }
        return metadata;
    }

    /** The index in {@code metadata} of the column with metadata {@code m}, or -1. */
    static int indexOf(KafkaMetadata[] metadata, KafkaMetadata m) {
        for (int i = 0; i < metadata.length; i++) {
            if (metadata[i] == m) {
                return i;
            }
        }
        return -1;
    }

    private static String physicalNames(RowType schema, KafkaMetadata[] metadata) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < schema.arity(); i++) {
            if (metadata[i] == null) {
                names.add(schema.field(i).name());
            }
        }
        return String.join(", ", names);
    }

    int arity() {
        return metadata.length;
    }

    /** Whether the row is just the value format's row: no key columns and no metadata. */
    boolean valueOnly() {
        return keySchema == null && valueSchema.arity() == metadata.length;
    }

    /** The index in the row of the column with metadata {@code m}, or -1. */
    int indexOf(KafkaMetadata m) {
        return indexOf(metadata, m);
    }
}

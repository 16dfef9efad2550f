package dev.weir.connectors.kafka;

import dev.weir.connectors.filesystem.FileFormatOptions;
import dev.weir.connectors.options.ConnectorOptions;
import dev.weir.core.WeirException;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.connector.TableContext;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The parsed options of a {@code kafka} table, with Flink's option names.
 *
 * @param table              the table name, for messages
 * @param topics             the topics ({@code topic}, {@code ;}-separated), or empty with a pattern
 * @param topicPattern       {@code topic-pattern}, or null
 * @param clientProperties   every {@code properties.*} option without its prefix
 * @param startupMode        {@code scan.startup.mode}
 * @param startupTimestamp   {@code scan.startup.timestamp-millis} for mode timestamp
 * @param specificOffsets    partition → offset for mode specific-offsets
 * @param bounded            {@code scan.bounded.mode} = latest-offset
 * @param layout             where the row's columns live in a record: value, key or metadata
 * @param format             the value format, over the layout's value columns
 * @param keyFormat          the key format over the layout's key columns, or null without {@code key.fields}
 * @param guarantee          {@code sink.delivery-guarantee}
 * @param transactionalIdPrefix {@code sink.transactional-id-prefix}, or null
 * @param zone               the session time zone
 */
record KafkaTableOptions(String table, List<String> topics, Pattern topicPattern,
        Map<String, String> clientProperties, StartupMode startupMode, long startupTimestamp,
        Map<Integer, Long> specificOffsets, boolean bounded, KafkaTableLayout layout, KafkaFormat format,
        KafkaFormat keyFormat, DeliveryGuarantee guarantee,
        String transactionalIdPrefix, ZoneId zone) {

    /** {@code scan.startup.mode}. */
    enum StartupMode {
        EARLIEST_OFFSET("earliest-offset"), LATEST_OFFSET("latest-offset"), GROUP_OFFSETS("group-offsets"),
        TIMESTAMP("timestamp"), SPECIFIC_OFFSETS("specific-offsets");

        final String text;

        StartupMode(String text) {
            this.text = text;
        }
    }

    /** {@code sink.delivery-guarantee}. */
    enum DeliveryGuarantee {
        NONE("none"), AT_LEAST_ONCE("at-least-once"), EXACTLY_ONCE("exactly-once");

        final String text;

        DeliveryGuarantee(String text) {
            this.text = text;
        }
    }

    static final String TOPIC = "topic";
    static final String TOPIC_PATTERN = "topic-pattern";
    static final String PROPERTIES_PREFIX = "properties.";
    static final String BOOTSTRAP_SERVERS = "properties.bootstrap.servers";
    static final String GROUP_ID = "properties.group.id";
    static final String SCAN_STARTUP_MODE = "scan.startup.mode";
    static final String SCAN_STARTUP_TIMESTAMP = "scan.startup.timestamp-millis";
    static final String SCAN_STARTUP_SPECIFIC_OFFSETS = "scan.startup.specific-offsets";
    static final String SCAN_BOUNDED_MODE = "scan.bounded.mode";
    static final String SCAN_PARTITION_DISCOVERY = "scan.topic-partition-discovery.interval";
    static final String FORMAT = "format";
    static final String VALUE_FORMAT = "value.format";
    static final String DELIVERY_GUARANTEE = "sink.delivery-guarantee";
    static final String TRANSACTIONAL_ID_PREFIX = "sink.transactional-id-prefix";
    static final String SINK_PARTITIONER = "sink.partitioner";

    /** Format options, accepted with or without the {@code value.} prefix. */
    static final List<String> FORMAT_OPTIONS = List.of("csv.field-delimiter", "csv.quote-character",
            "csv.ignore-parse-errors", "csv.null-literal", "csv.disable-quote-character", "csv.escape-character",
            "json.ignore-parse-errors", "json.fail-on-missing-field", "json.timestamp-format.standard",
            "debezium-json.schema-include", "debezium-json.ignore-parse-errors",
            "debezium-json.timestamp-format.standard");

    KafkaTableOptions {
        Objects.requireNonNull(table, "table is null");
        topics = List.copyOf(topics);
        clientProperties = Map.copyOf(clientProperties);
        specificOffsets = Map.copyOf(specificOffsets);
        Objects.requireNonNull(startupMode, "startupMode is null");
        Objects.requireNonNull(layout, "layout is null");
        Objects.requireNonNull(format, "format is null");
        Objects.requireNonNull(guarantee, "guarantee is null");
        Objects.requireNonNull(zone, "zone is null");
    }

    /** Parses and checks the options, throwing a {@link WeirException} that names the bad key. */
    static KafkaTableOptions from(TableContext context, boolean asSource) {
        ConnectorOptions o = new ConnectorOptions(context.tableName(), context.options());
        KafkaConnectorFactory factory = new KafkaConnectorFactory();
        o.checkKeys(KafkaConnectorFactory.IDENTIFIER, factory.requiredOptions(), factory.optionalOptions());
        String table = context.tableName();

        List<String> topics = new ArrayList<>();
        if (o.has(TOPIC)) {
            for (String t : o.raw(TOPIC).split(";")) {
                if (!t.isBlank()) {
                    topics.add(t.trim());
                }
            }
            if (topics.isEmpty()) {
                throw o.invalid(TOPIC, o.raw(TOPIC), "a topic name or a ';'-separated list of topic names");
            }
        }
        Pattern pattern = null;
        if (o.has(TOPIC_PATTERN)) {
            try {
                pattern = Pattern.compile(o.raw(TOPIC_PATTERN).trim());
            } catch (PatternSyntaxException e) {
                throw o.invalid(TOPIC_PATTERN, o.raw(TOPIC_PATTERN), "a Java regular expression (" + e.getDescription() + ")");
            }
        }
        if (!topics.isEmpty() && pattern != null) {
            throw new WeirException("Table '" + table + "': options '" + TOPIC + "' and '" + TOPIC_PATTERN
                    + "' cannot both be set. Keep one of them.");
        }
        if (topics.isEmpty() && pattern == null) {
            throw new WeirException("Table '" + table + "': connector 'kafka' needs option '" + TOPIC + "' (or '"
                    + TOPIC_PATTERN + "' for a source). Add 'topic' = '...' to the WITH clause.");
        }
        if (!asSource && (pattern != null || topics.size() != 1)) {
            throw new WeirException("Table '" + table + "': a Kafka sink writes to exactly one topic; set '" + TOPIC
                    + "' to a single topic name.");
        }

        Map<String, String> props = new HashMap<>();
        for (Map.Entry<String, String> e : o.all().entrySet()) {
            if (e.getKey().startsWith(PROPERTIES_PREFIX)) {
                props.put(e.getKey().substring(PROPERTIES_PREFIX.length()), e.getValue());
            }
        }
        if (o.raw(BOOTSTRAP_SERVERS).isBlank()) {
            throw o.invalid(BOOTSTRAP_SERVERS, o.raw(BOOTSTRAP_SERVERS), "host:port[,host:port...]");
        }

        StartupMode mode = StartupMode.GROUP_OFFSETS;
        if (o.has(SCAN_STARTUP_MODE)) {
            String text = o.raw(SCAN_STARTUP_MODE).trim().toLowerCase(Locale.ROOT);
            mode = null;
            for (StartupMode m : StartupMode.values()) {
                if (m.text.equals(text)) {
                    mode = m;
                }
            }
            if (mode == null) {
                throw o.invalid(SCAN_STARTUP_MODE, o.raw(SCAN_STARTUP_MODE),
                        "'earliest-offset', 'latest-offset', 'group-offsets', 'timestamp' or 'specific-offsets'");
            }
        }
        if (mode == StartupMode.GROUP_OFFSETS && asSource && !o.has(GROUP_ID)) {
            throw new WeirException("Table '" + table + "': 'scan.startup.mode' = 'group-offsets' (the default) needs '"
                    + GROUP_ID + "'. Set it, or set 'scan.startup.mode' to 'earliest-offset' or 'latest-offset'.");
        }
        long timestamp = -1;
        if (mode == StartupMode.TIMESTAMP) {
            if (!o.has(SCAN_STARTUP_TIMESTAMP)) {
                throw new WeirException("Table '" + table + "': 'scan.startup.mode' = 'timestamp' needs '"
                        + SCAN_STARTUP_TIMESTAMP + "' (epoch milliseconds).");
            }
            timestamp = o.getLong(SCAN_STARTUP_TIMESTAMP, -1);
        }
        Map<Integer, Long> specific = new HashMap<>();
        if (mode == StartupMode.SPECIFIC_OFFSETS) {
            if (!o.has(SCAN_STARTUP_SPECIFIC_OFFSETS)) {
                throw new WeirException("Table '" + table + "': 'scan.startup.mode' = 'specific-offsets' needs '"
                        + SCAN_STARTUP_SPECIFIC_OFFSETS + "', such as 'partition:0,offset:42;partition:1,offset:300'.");
            }
            specific = parseSpecificOffsets(o);
        }
        boolean bounded = false;
        if (o.has(SCAN_BOUNDED_MODE)) {
            String text = o.raw(SCAN_BOUNDED_MODE).trim().toLowerCase(Locale.ROOT);
            if (text.equals("latest-offset")) {
                bounded = true;
            } else if (!text.equals("unbounded")) {
                throw o.invalid(SCAN_BOUNDED_MODE, o.raw(SCAN_BOUNDED_MODE), "'unbounded' or 'latest-offset'");
            }
        }

        DeliveryGuarantee guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
        if (o.has(DELIVERY_GUARANTEE)) {
            String text = o.raw(DELIVERY_GUARANTEE).trim().toLowerCase(Locale.ROOT);
            guarantee = null;
            for (DeliveryGuarantee g : DeliveryGuarantee.values()) {
                if (g.text.equals(text)) {
                    guarantee = g;
                }
            }
            if (guarantee == null) {
                throw o.invalid(DELIVERY_GUARANTEE, o.raw(DELIVERY_GUARANTEE),
                        "'none', 'at-least-once' or 'exactly-once'");
            }
        }
        String prefix = o.raw(TRANSACTIONAL_ID_PREFIX);
        if (!asSource && guarantee == DeliveryGuarantee.EXACTLY_ONCE && (prefix == null || prefix.isBlank())) {
            throw new WeirException("Table '" + table + "': 'sink.delivery-guarantee' = 'exactly-once' needs '"
                    + TRANSACTIONAL_ID_PREFIX + "', a prefix for Kafka transactional ids that is unique to this job"
                    + " (e.g. the pipeline name).");
        }
        if (o.has(SINK_PARTITIONER) && !o.raw(SINK_PARTITIONER).trim().equalsIgnoreCase("default")) {
            throw o.invalid(SINK_PARTITIONER, o.raw(SINK_PARTITIONER), "'default' (the only partitioner so far)");
        }
        ZoneId zone = FileFormatOptions.zone(context);
        KafkaTableLayout layout = KafkaTableLayout.from(o, context.schema(), context.metadataColumns(), asSource);
        KafkaFormat format = KafkaFormat.from(o, layout.valueSchema(), zone);
        KafkaFormat keyFormat = null;
        if (layout.keySchema() != null) {
            keyFormat = KafkaFormat.from(o, KafkaTableLayout.KEY_FORMAT, "key.", layout.keySchema(), zone);
            if (keyFormat.isChangelog()) {
                throw o.invalid(KafkaTableLayout.KEY_FORMAT, o.raw(KafkaTableLayout.KEY_FORMAT),
                        "an insert-only format for the key columns: 'json', 'csv' or 'raw'");
            }
        }
        return new KafkaTableOptions(table, topics, pattern, props, mode, timestamp, specific, bounded, layout, format,
                keyFormat, guarantee, prefix == null ? null : prefix.trim(), zone);
    }

    /** A decoder of whole records into the table's rows: value columns, key columns and metadata. */
    RecordDecoder newRecordDecoder() {
        if (layout.valueOnly()) {
            return format.newRecordDecoder();
        }
        return new LayoutRecordCodec.Decoder(layout, format.newRecordDecoder(),
                keyFormat == null ? null : keyFormat.newDecoder());
    }

    /** An encoder of the table's rows into records: key, value, timestamp and headers. */
    RecordEncoder newRecordEncoder() {
        if (layout.valueOnly()) {
            return format.newRecordEncoder();
        }
        return new LayoutRecordCodec.Encoder(table, layout, format.newRecordEncoder(),
                keyFormat == null ? null : keyFormat.newEncoder());
    }

    private static Map<Integer, Long> parseSpecificOffsets(ConnectorOptions o) {
        Map<Integer, Long> offsets = new HashMap<>();
        String raw = o.raw(SCAN_STARTUP_SPECIFIC_OFFSETS);
        String expected = "'partition:<n>,offset:<n>' pairs separated by ';', such as 'partition:0,offset:42;partition:1,offset:300'";
        for (String pair : raw.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.split(",");
            if (parts.length != 2 || !parts[0].trim().startsWith("partition:") || !parts[1].trim().startsWith("offset:")) {
                throw o.invalid(SCAN_STARTUP_SPECIFIC_OFFSETS, raw, expected);
            }
            try {
                int partition = Integer.parseInt(parts[0].trim().substring("partition:".length()).trim());
                long offset = Long.parseLong(parts[1].trim().substring("offset:".length()).trim());
                offsets.put(partition, offset);
            } catch (NumberFormatException e) {
                throw o.invalid(SCAN_STARTUP_SPECIFIC_OFFSETS, raw, expected);
            }
        }
        if (offsets.isEmpty()) {
            throw o.invalid(SCAN_STARTUP_SPECIFIC_OFFSETS, raw, expected);
        }
        return offsets;
    }

    /** Whether the schema fits the raw format: one STRING or BYTES column. */
    static boolean fitsRaw(RowType schema) {
        if (schema.arity() != 1) {
            return false;
        }
        TypeRoot root = schema.type(0).root();
        return root == TypeRoot.VARCHAR || root == TypeRoot.CHAR || root == TypeRoot.BYTES;
    }

    static Set<String> formatOptionKeys() {
        Set<String> keys = new java.util.HashSet<>();
        for (String k : FORMAT_OPTIONS) {
            keys.add(k);
            keys.add("value." + k);
        }
        return keys;
    }

    /** The key format's options of a {@code kafka} table ({@code key.json.*}, {@code key.csv.*}). */
    static Set<String> keyFormatOptionKeys() {
        Set<String> keys = new java.util.HashSet<>();
        for (String k : FORMAT_OPTIONS) {
            if (!k.startsWith("debezium-json.")) {
                keys.add("key." + k);
            }
        }
        return keys;
    }
}

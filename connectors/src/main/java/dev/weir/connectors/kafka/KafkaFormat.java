package dev.weir.connectors.kafka;

import dev.weir.connectors.format.BadRecordException;
import dev.weir.connectors.format.CsvRowDecoder;
import dev.weir.connectors.format.CsvRowEncoder;
import dev.weir.connectors.format.JsonRowDecoder;
import dev.weir.connectors.format.JsonRowEncoder;
import dev.weir.connectors.format.RowDecoder;
import dev.weir.connectors.format.RowEncoder;
import dev.weir.connectors.format.debezium.DebeziumJsonDecoder;
import dev.weir.connectors.format.debezium.DebeziumJsonEncoder;
import dev.weir.connectors.options.ConnectorOptions;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.WeirException;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * The value format of a Kafka table ({@code format} or {@code value.format}): json, csv or raw,
 * reusing the filesystem connector's row decoders and encoders (one record per Kafka message, no
 * line terminator). Format options are read with the {@code value.} prefix when the table uses
 * {@code value.format}, as in Flink.
 */
final class KafkaFormat {
    /** The supported value formats. */
    enum Kind {
        JSON, CSV, RAW, DEBEZIUM_JSON
    }

    private final Kind kind;
    private final RowType schema;
    private final char delimiter;
    private final int quote;
    private final int escape;
    private final String nullLiteral;
    private final boolean ignoreParseErrors;
    private final boolean failOnMissingField;
    private final boolean isoTimestamps;
    private final String ignoreKey;
    private final ZoneId zone;
    private final boolean schemaInclude;

    private KafkaFormat(Kind kind, RowType schema, char delimiter, int quote, int escape, String nullLiteral,
            boolean ignoreParseErrors, boolean failOnMissingField, boolean isoTimestamps, String ignoreKey, ZoneId zone,
            boolean schemaInclude) {
        this.kind = kind;
        this.schema = schema;
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape;
        this.nullLiteral = nullLiteral;
        this.ignoreParseErrors = ignoreParseErrors;
        this.failOnMissingField = failOnMissingField;
        this.isoTimestamps = isoTimestamps;
        this.ignoreKey = ignoreKey;
        this.zone = zone;
        this.schemaInclude = schemaInclude;
    }

    static KafkaFormat from(ConnectorOptions o, RowType schema, ZoneId zone) {
        Objects.requireNonNull(schema, "schema is null");
        String formatKey;
        String prefix;
        if (o.has(KafkaTableOptions.FORMAT) && o.has(KafkaTableOptions.VALUE_FORMAT)) {
            throw new WeirException("Table '" + o.tableName() + "': options 'format' and 'value.format' cannot both be "
                    + "set. Keep one of them.");
        } else if (o.has(KafkaTableOptions.VALUE_FORMAT)) {
            formatKey = KafkaTableOptions.VALUE_FORMAT;
            prefix = "value.";
        } else if (o.has(KafkaTableOptions.FORMAT)) {
            formatKey = KafkaTableOptions.FORMAT;
            prefix = "";
        } else {
            throw new WeirException("Table '" + o.tableName() + "': connector 'kafka' needs option 'format' (or "
                    + "'value.format'): 'json', 'csv', 'raw' or 'debezium-json'.");
        }
        return from(o, formatKey, prefix, schema, zone);
    }

    /**
     * The format named by option {@code formatKey}, its options prefixed with {@code prefix}
     * ({@code ""}, {@code "value."} or, for upsert-kafka's key, {@code "key."}).
     */
    static KafkaFormat from(ConnectorOptions o, String formatKey, String prefix, RowType schema, ZoneId zone) {
        Objects.requireNonNull(schema, "schema is null");
        String text = o.raw(formatKey).trim().toLowerCase(Locale.ROOT);
        Kind kind = switch (text) {
            case "json" -> Kind.JSON;
            case "csv" -> Kind.CSV;
            case "raw" -> Kind.RAW;
            case "debezium-json" -> Kind.DEBEZIUM_JSON;
            default -> throw o.invalid(formatKey, o.raw(formatKey), "'json', 'csv', 'raw' or 'debezium-json'");
        };
        for (String key : o.all().keySet()) {
            boolean keyFormat = prefix.equals("key.");
            if (keyFormat != key.startsWith("key.")) {
                continue; // the key format's options are checked by the key format, the value's by the value's
            }
            String bare = key.startsWith("value.") ? key.substring("value.".length())
                    : keyFormat ? key.substring("key.".length()) : key;
            boolean isFormatOption = bare.startsWith("csv.") || bare.startsWith("json.")
                    || bare.startsWith("debezium-json.");
            if (!isFormatOption) {
                continue;
            }
            boolean fits = key.startsWith(prefix) && switch (kind) {
                case CSV -> bare.startsWith("csv.");
                case JSON -> bare.startsWith("json.");
                case DEBEZIUM_JSON -> bare.startsWith("debezium-json.");
                case RAW -> false;
            };
            if (!fits) {
                throw new WeirException("Table '" + o.tableName() + "': option '" + key + "' does not apply to '"
                        + formatKey + "' = '" + text + "'. Remove it" + (prefix.isEmpty() ? "" : " or write it as '"
                        + prefix + bare + "'") + ".");
            }
        }
        if (kind == Kind.RAW && !KafkaTableOptions.fitsRaw(schema)) {
            throw new WeirException("Table '" + o.tableName() + "': the 'raw' format needs exactly one column of type "
                    + "STRING or BYTES, but the table has " + schema.arity() + " column(s). Use 'json' or 'csv'.");
        }
        char delimiter = o.getChar(prefix + "csv.field-delimiter", ',');
        boolean disableQuote = o.getBoolean(prefix + "csv.disable-quote-character", false);
        int quote = disableQuote ? -1 : o.getChar(prefix + "csv.quote-character", '"');
        int escape = o.has(prefix + "csv.escape-character") ? o.getChar(prefix + "csv.escape-character", '\\') : -1;
        if (kind == Kind.CSV && (quote == delimiter || escape == delimiter)) {
            throw new WeirException("Table '" + o.tableName() + "': the csv field delimiter '" + delimiter
                    + "' must differ from the quote and escape characters.");
        }
        String ignoreKey = prefix + switch (kind) {
            case CSV -> "csv.ignore-parse-errors";
            case DEBEZIUM_JSON -> "debezium-json.ignore-parse-errors";
            default -> "json.ignore-parse-errors";
        };
        boolean ignore = kind != Kind.RAW && o.getBoolean(ignoreKey, false);
        boolean failOnMissing = o.getBoolean(prefix + "json.fail-on-missing-field", false);
        if (ignore && failOnMissing) {
            throw new WeirException("Table '" + o.tableName() + "': '" + prefix + "json.fail-on-missing-field' and '"
                    + ignoreKey + "' cannot both be true. Set one of them to false.");
        }
        String standardKey = prefix + (kind == Kind.DEBEZIUM_JSON ? "debezium-json." : "json.")
                + "timestamp-format.standard";
        String standard = o.getString(standardKey, "SQL").trim().toUpperCase(Locale.ROOT);
        if (!standard.equals("SQL") && !standard.equals("ISO-8601")) {
            throw o.invalid(standardKey, standard, "'SQL' or 'ISO-8601'");
        }
        boolean schemaInclude = o.getBoolean(prefix + "debezium-json.schema-include", false);
        return new KafkaFormat(kind, schema, delimiter, quote, escape, o.raw(prefix + "csv.null-literal"), ignore,
                failOnMissing, standard.equals("ISO-8601"), ignoreKey, zone, schemaInclude);
    }

    Kind kind() {
        return kind;
    }

    /** Whether the format carries a changelog (+I/-U/+U/-D) rather than inserts only. */
    boolean isChangelog() {
        return kind == Kind.DEBEZIUM_JSON;
    }

    /** A decoder of whole records by their value, for the {@code kafka} source. */
    RecordDecoder newRecordDecoder() {
        if (kind == Kind.DEBEZIUM_JSON) {
            DebeziumJsonDecoder debezium = new DebeziumJsonDecoder(schema, schemaInclude, zone);
            return (key, value, out) -> debezium.decode(value, out);
        }
        RowDecoder decoder = newDecoder();
        boolean raw = kind == Kind.RAW;
        return (key, value, out) -> {
            if (value == null) {
                if (!raw) {
                    throw new BadRecordException("the record has no value (a tombstone)");
                }
                out.accept(Row.wrap(RowKind.INSERT, new Object[1]));
                return;
            }
            out.accept(Row.wrap(RowKind.INSERT, decoder.decode(value, 0, value.length)));
        };
    }

    /** An encoder of whole records (value only, no key), for the {@code kafka} sink. */
    RecordEncoder newRecordEncoder() {
        if (kind == Kind.DEBEZIUM_JSON) {
            DebeziumJsonEncoder debezium = new DebeziumJsonEncoder(schema, isoTimestamps);
            return debezium::encode;
        }
        ValueEncoder encoder = newEncoder();
        return encoder::encode;
    }

    boolean ignoreParseErrors() {
        return ignoreParseErrors;
    }

    /** The option that makes malformed records skipped, for messages. */
    String ignoreParseErrorsKey() {
        return ignoreKey;
    }

    /** A new decoder (decoders keep per-instance buffers: one per reader). */
    RowDecoder newDecoder() {
        return switch (kind) {
            case CSV -> new CsvRowDecoder(schema, delimiter, quote, escape, nullLiteral, zone);
            case JSON -> new JsonRowDecoder(schema, failOnMissingField, zone);
            case RAW -> new RawDecoder(schema.type(0).root() == TypeRoot.BYTES);
            case DEBEZIUM_JSON -> throw new IllegalStateException("debezium-json decodes changes: use newRecordDecoder");
        };
    }

    /** A new value serializer for rows of the schema. */
    ValueEncoder newEncoder() {
        return switch (kind) {
            case CSV -> new TextEncoder(new CsvRowEncoder(schema, delimiter, quote, escape, nullLiteral));
            case JSON -> new TextEncoder(new JsonRowEncoder(schema, isoTimestamps));
            case RAW -> new RawEncoder();
            case DEBEZIUM_JSON -> throw new IllegalStateException("debezium-json encodes changes: use newRecordEncoder");
        };
    }

    /** Turns a row into a Kafka record value. */
    interface ValueEncoder {
        byte[] encode(Row row);
    }

    /** A line-oriented encoder without its line break: one message per row. */
    private static final class TextEncoder implements ValueEncoder {
        private final RowEncoder encoder;
        private final StringBuilder buffer = new StringBuilder(256);

        TextEncoder(RowEncoder encoder) {
            this.encoder = encoder;
        }

        @Override
        public byte[] encode(Row row) {
            buffer.setLength(0);
            encoder.encode(row, buffer);
            int end = buffer.length();
            while (end > 0 && (buffer.charAt(end - 1) == '\n' || buffer.charAt(end - 1) == '\r')) {
                end--;
            }
            buffer.setLength(end);
            return buffer.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final class RawEncoder implements ValueEncoder {
        @Override
        public byte[] encode(Row row) {
            Object v = row.field(0);
            if (v == null) {
                return null;
            }
            return v instanceof byte[] b ? b : v.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The whole value as one STRING (UTF-8) or BYTES column; a null value (tombstone) is NULL. */
    private static final class RawDecoder implements RowDecoder {
        private final boolean bytes;

        RawDecoder(boolean bytes) {
            this.bytes = bytes;
        }

        @Override
        public Object[] decode(byte[] buf, int offset, int length) throws BadRecordException {
            Object[] values = new Object[1];
            if (buf != null) {
                values[0] = bytes ? java.util.Arrays.copyOfRange(buf, offset, offset + length)
                        : new String(buf, offset, length, StandardCharsets.UTF_8);
            }
            return values;
        }
    }
}

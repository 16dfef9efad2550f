package dev.weir.connectors.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.core.WeirException;
import dev.weir.core.type.CollectionValues;
import dev.weir.core.type.DataType;
import dev.weir.core.type.TypeRoot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The metadata of a Kafka record that a table can declare as {@code METADATA} columns, with Flink's
 * keys and types: {@code headers} is a {@code MAP<STRING, BYTES>} of header name → value (NULL for a
 * header without a value; a repeated name keeps its last value, as in Flink).
 */
enum KafkaMetadata {
    TOPIC("topic", DataType.string(), false),
    PARTITION("partition", DataType.of(TypeRoot.INT), false),
    HEADERS("headers", DataType.map(DataType.string(), DataType.of(TypeRoot.BYTES)), true),
    LEADER_EPOCH("leader-epoch", DataType.of(TypeRoot.INT), false),
    OFFSET("offset", DataType.bigint(), false),
    TIMESTAMP("timestamp", DataType.of(TypeRoot.TIMESTAMP_LTZ, 3), true),
    TIMESTAMP_TYPE("timestamp-type", DataType.string(), false);

    private static final ObjectMapper JSON = new ObjectMapper();

    final String key;
    final DataType type;
    final boolean writable;

    KafkaMetadata(String key, DataType type, boolean writable) {
        this.key = key;
        this.type = type;
        this.writable = writable;
    }

    static KafkaMetadata of(String key) {
        for (KafkaMetadata m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        return null;
    }

    /** Readable keys and their types, in Flink's order. */
    static Map<String, DataType> readable() {
        Map<String, DataType> keys = new LinkedHashMap<>();
        for (KafkaMetadata m : values()) {
            keys.put(m.key, m.type);
        }
        return keys;
    }

    static Map<String, DataType> writable() {
        Map<String, DataType> keys = new LinkedHashMap<>();
        for (KafkaMetadata m : values()) {
            if (m.writable) {
                keys.put(m.key, m.type);
            }
        }
        return keys;
    }

    static String writableKeys() {
        return "'" + String.join("', '", writable().keySet()) + "'";
    }

    /** This metadata of a consumed record, as Weir's internal value. */
    Object read(ConsumerRecord<byte[], byte[]> r) {
        return switch (this) {
            case TOPIC -> r.topic();
            case PARTITION -> r.partition();
            case HEADERS -> headersMap(r.headers());
            case LEADER_EPOCH -> r.leaderEpoch().orElse(null);
            case OFFSET -> r.offset();
            case TIMESTAMP -> r.timestamp() < 0 ? null : r.timestamp();
            case TIMESTAMP_TYPE -> r.timestampType().toString(); // NoTimestampType, CreateTime, LogAppendTime
        };
    }

    /**
     * The record timestamp a sink writes from column {@code index} of {@code row} (-1: no such column), or
     * null to let the producer set it.
     */
    static Long timestampOf(String table, dev.weir.core.Row row, int index) {
        if (index < 0 || row.field(index) == null) {
            return null;
        }
        long millis = ((Number) row.field(index)).longValue();
        if (millis < 0) {
            throw new WeirException("Table '" + table + "': the 'timestamp' metadata column holds " + millis
                    + " ms, before 1970-01-01; Kafka record timestamps cannot be negative.");
        }
        return millis;
    }

    /**
     * The record headers a sink writes from column {@code index} of {@code row} (a {@code MAP<STRING, BYTES>},
     * in the map's order), or null without such a column. A NULL map writes no headers; a NULL key is refused.
     */
    static List<Header> headersOf(String table, dev.weir.core.Row row, int index) {
        if (index < 0) {
            return null;
        }
        Object value = row.field(index);
        if (value instanceof String json) {
            return parseHeaders(table, json); // the JSON text of Weir before MAP existed
        }
        List<Header> headers = new ArrayList<>();
        if (value == null) {
            return headers;
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (e.getKey() == null) {
                throw new WeirException("Table '" + table + "': the 'headers' metadata column holds a NULL header "
                        + "name; Kafka headers need a name. Filter it out or map it to a name.");
            }
            headers.add(new RecordHeader((String) e.getKey(), (byte[]) e.getValue()));
        }
        return headers;
    }

    /** The headers of a consumed record as a {@code MAP<STRING, BYTES>} value. */
    static Map<Object, Object> headersMap(Iterable<Header> headers) {
        LinkedHashMap<Object, Object> byName = new LinkedHashMap<>();
        for (Header h : headers) {
            byName.remove(h.key()); // a repeated name keeps its last value, at its last position
            byName.put(h.key(), h.value());
        }
        return CollectionValues.map(byName);
    }

    /** Headers as the JSON text Weir used before it had a MAP type (kept for callers of that form). */
    static String headersJson(Iterable<Header> headers) {
        StringBuilder sb = new StringBuilder("{");
        // a repeated header name keeps its last value, as in Flink's map
        Map<String, byte[]> byName = new LinkedHashMap<>();
        for (Header h : headers) {
            byName.remove(h.key());
            byName.put(h.key(), h.value());
        }
        JsonStringEncoder quote = JsonStringEncoder.getInstance();
        byName.forEach((name, value) -> {
            sb.append(sb.length() == 1 ? "" : ",").append('"').append(quote.quoteAsString(name)).append("\":");
            if (value == null) {
                sb.append("null");
            } else {
                sb.append('"').append(quote.quoteAsString(new String(value, StandardCharsets.UTF_8))).append('"');
            }
        });
        return sb.append('}').toString();
    }

    /** The headers of a {@code headers} column's JSON object; null or an empty object is no headers. */
    static List<Header> parseHeaders(String table, String json) {
        List<Header> headers = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return headers;
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new WeirException("Table '" + table + "': the 'headers' metadata column must hold a JSON object of "
                    + "header name to text value, such as {\"source\":\"web\"}, but got: " + json);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            byte[] value = v.isNull() ? null : (v.isTextual() ? v.textValue() : v.toString())
                    .getBytes(StandardCharsets.UTF_8);
            headers.add(new RecordHeader(e.getKey(), value));
        }
        return headers;
    }
}

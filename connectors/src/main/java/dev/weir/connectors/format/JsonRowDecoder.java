package dev.weir.connectors.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.core.type.CollectionValues;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes one JSON object per record, by column name, as Flink's json format does: a missing
 * field or JSON null is NULL (or an error with {@code json.fail-on-missing-field}); numbers and
 * booleans may also be given as strings; a non-string value read into a STRING column is its
 * JSON text. An ARRAY column reads a JSON array, a MAP column a JSON object (its field names are
 * the keys, so the key type must be a string type, as in Flink), nested as deep as the type is.
 */
public final class JsonRowDecoder implements RowDecoder {
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final String[] names;
    private final DataType[] types;
    private final boolean failOnMissingField;
    private final ZoneId zone;

    public JsonRowDecoder(RowType schema, boolean failOnMissingField, ZoneId zone) {
        Objects.requireNonNull(schema, "schema is null");
        this.names = schema.names().toArray(new String[0]);
        this.types = new DataType[names.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = schema.type(i);
        }
        this.failOnMissingField = failOnMissingField;
        this.zone = Objects.requireNonNull(zone, "zone is null");
        for (int i = 0; i < types.length; i++) {
            JsonCollections.checkKeys(types[i], names[i]);
        }
    }

    @Override
    public Object[] decode(byte[] buf, int offset, int length) throws BadRecordException {
        JsonNode root;
        try {
            root = mapper.readTree(buf, offset, length);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            throw new BadRecordException("malformed JSON: " + (msg == null ? e.getClass().getSimpleName()
                    : msg.lines().findFirst().orElse(msg)));
        } catch (IOException e) {
            throw new BadRecordException("malformed JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRecordException("expected a JSON object but found "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        Object[] values = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            JsonNode node = root.get(names[i]);
            if (node == null) {
                if (failOnMissingField) {
                    throw new BadRecordException("missing field '" + names[i] + "'");
                }
                continue;
            }
            if (node.isNull()) {
                continue;
            }
            values[i] = convert(node, types[i], names[i]);
        }
        return values;
    }

    private Object convert(JsonNode node, DataType type, String column) throws BadRecordException {
        if (type.isCollection()) {
            return collection(node, type, column);
        }
        try {
            switch (type.root()) {
                case CHAR, VARCHAR -> {
                    return node.isTextual() ? node.textValue() : node.toString();
                }
                case BOOLEAN -> {
                    if (node.isBoolean()) {
                        return node.booleanValue();
                    }
                }
                case TINYINT, SMALLINT, INT, BIGINT -> {
                    if (node.isIntegralNumber()) {
                        return ValueParser.parse(node.asText(), type, zone);
                    }
                }
                case FLOAT -> {
                    if (node.isNumber()) {
                        return node.floatValue();
                    }
                }
                case DOUBLE -> {
                    if (node.isNumber()) {
                        return node.doubleValue();
                    }
                }
                case DECIMAL -> {
                    if (node.isNumber()) {
                        return ValueParser.toDecimal(node.decimalValue(), type);
                    }
                }
                case BYTES -> {
                    if (node.isTextual()) {
                        return node.binaryValue();
                    }
                }
                default -> {
                }
            }
            if (!node.isValueNode()) {
                throw BadRecordException.value(node.toString(), type.root(), column);
            }
            return ValueParser.parse(node.asText(), type, zone);
        } catch (RuntimeException | IOException e) {
            throw BadRecordException.value(node.isTextual() ? node.textValue() : node.toString(), type.root(), column);
        }
    }

    /** A JSON array into an ARRAY, a JSON object into a MAP (keys are the field names); JSON null elements are NULL. */
    private Object collection(JsonNode node, DataType type, String column) throws BadRecordException {
        if (type.root() == TypeRoot.ARRAY) {
            if (!node.isArray()) {
                throw BadRecordException.value(node.toString(), type.nullable(true), column);
            }
            DataType element = type.elementType();
            Object[] values = new Object[node.size()];
            for (int i = 0; i < values.length; i++) {
                JsonNode e = node.get(i);
                values[i] = e.isNull() ? null : convert(e, element, column);
            }
            return CollectionValues.array(values);
        }
        if (!node.isObject()) {
            throw BadRecordException.value(node.toString(), type.nullable(true), column);
        }
        DataType valueType = type.valueType();
        LinkedHashMap<Object, Object> entries = new LinkedHashMap<>(Math.max(4, node.size() * 4 / 3 + 1));
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            entries.put(e.getKey(),
                    v.isNull() ? null : convert(v, valueType, column));
        }
        return CollectionValues.map(entries);
    }
}

package dev.weir.connectors.format.debezium;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.connectors.format.BadRecordException;
import dev.weir.connectors.format.JsonRowDecoder;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.RowType;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Decodes Debezium JSON change events into a changelog, as Flink's {@code debezium-json} format
 * does: {@code op} {@code c} (create) and {@code r} (snapshot read) → +I of {@code after};
 * {@code u} → -U of {@code before} and +U of {@code after}; {@code d} → -D of {@code before}.
 * The row images are decoded by column name like the json format. With {@code schema-include}
 * the event is the {@code payload} of a {@code {"schema":…,"payload":…}} envelope. A null value
 * (the tombstone Debezium writes after a delete) emits nothing.
 */
public final class DebeziumJsonDecoder {
    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonRowDecoder images;
    private final boolean schemaInclude;

    public DebeziumJsonDecoder(RowType schema, boolean schemaInclude, ZoneId zone) {
        Objects.requireNonNull(schema, "schema is null");
        this.images = new JsonRowDecoder(schema, false, zone);
        this.schemaInclude = schemaInclude;
    }

    /** Emits the changes of one event (none for a tombstone); throws for a malformed event. */
    public void decode(byte[] value, Consumer<Row> out) throws BadRecordException {
        if (value == null) {
            return;
        }
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            throw new BadRecordException("malformed JSON: " + (msg == null ? e.getClass().getSimpleName()
                    : msg.lines().findFirst().orElse(msg)));
        } catch (IOException e) {
            throw new BadRecordException("malformed JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRecordException("expected a Debezium JSON object but found "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        JsonNode event = root;
        if (schemaInclude) {
            event = root.get("payload");
            if (event == null || !event.isObject()) {
                throw new BadRecordException("'debezium-json.schema-include' is true but the event has no 'payload' "
                        + "object");
            }
        } else if (root.has("schema") && root.has("payload") && !root.has("op")) {
            throw new BadRecordException("the event has a 'schema'/'payload' envelope; set "
                    + "'debezium-json.schema-include' = 'true'");
        }
        JsonNode op = event.get("op");
        if (op == null || !op.isTextual()) {
            throw new BadRecordException("the event has no 'op' field");
        }
        switch (op.textValue()) {
            case "c", "r" -> out.accept(Row.wrap(RowKind.INSERT, image(event, "after")));
            case "u" -> {
                Object[] before = image(event, "before");
                Object[] after = image(event, "after");
                out.accept(Row.wrap(RowKind.UPDATE_BEFORE, before));
                out.accept(Row.wrap(RowKind.UPDATE_AFTER, after));
            }
            case "d" -> out.accept(Row.wrap(RowKind.DELETE, image(event, "before")));
            default -> throw new BadRecordException("unknown 'op' value '" + op.textValue()
                    + "' (expected c, r, u or d)");
        }
    }

    private Object[] image(JsonNode event, String field) throws BadRecordException {
        JsonNode node = event.get(field);
        if (node == null || !node.isObject()) {
            throw new BadRecordException("the '" + event.get("op").textValue() + "' event has no '" + field
                    + "' object" + ("before".equals(field)
                    ? " (the source table needs REPLICA IDENTITY FULL or equivalent for Debezium to send it)" : ""));
        }
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new BadRecordException("cannot re-read '" + field + "': " + e.getOriginalMessage());
        }
        return images.decode(bytes, 0, bytes.length);
    }
}

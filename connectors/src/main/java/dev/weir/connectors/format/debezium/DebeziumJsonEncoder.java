package dev.weir.connectors.format.debezium;

import dev.weir.connectors.format.JsonRowEncoder;
import dev.weir.core.Row;
import dev.weir.core.type.RowType;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Encodes each change of a changelog as a Debezium JSON event, as Flink's {@code debezium-json}
 * format does: +I and +U → {@code {"before":null,"after":{…},"op":"c"}}; -U and -D →
 * {@code {"before":{…},"after":null,"op":"d"}}. (Flink writes an update as a delete of the old
 * row and a create of the new one, and so does Weir, so that either engine reads it back.)
 */
public final class DebeziumJsonEncoder {
    private final JsonRowEncoder image;
    private final StringBuilder buffer = new StringBuilder(256);

    public DebeziumJsonEncoder(RowType schema, boolean isoTimestamps) {
        Objects.requireNonNull(schema, "schema is null");
        this.image = new JsonRowEncoder(schema, isoTimestamps);
    }

    /** The event for one change, UTF-8. */
    public byte[] encode(Row row) {
        buffer.setLength(0);
        boolean after = switch (row.kind()) {
            case INSERT, UPDATE_AFTER -> true;
            case UPDATE_BEFORE, DELETE -> false;
        };
        buffer.append("{\"before\":");
        if (after) {
            buffer.append("null");
        } else {
            appendImage(row);
        }
        buffer.append(",\"after\":");
        if (after) {
            appendImage(row);
        } else {
            buffer.append("null");
        }
        buffer.append(",\"op\":\"").append(after ? 'c' : 'd').append("\"}");
        return buffer.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void appendImage(Row row) {
        image.encode(row, buffer);
        int end = buffer.length();
        while (end > 0 && (buffer.charAt(end - 1) == '\n' || buffer.charAt(end - 1) == '\r')) {
            end--;
        }
        buffer.setLength(end);
    }
}

package dev.weir.connectors.filesystem;

import dev.weir.connectors.format.RowEncoder;
import dev.weir.connectors.format.debezium.DebeziumJsonEncoder;
import dev.weir.core.Row;
import dev.weir.core.type.RowType;
import java.nio.charset.StandardCharsets;

/**
 * One Debezium JSON event per line, the {@code debezium-json} format of Kafka's sink reused for part
 * files: +I/+U as {@code "op":"c"}, -U/-D as {@code "op":"d"}. Replaying the lines in file order
 * rebuilds the sink's table.
 */
final class ChangelogLineEncoder implements RowEncoder {
    private final DebeziumJsonEncoder events;

    ChangelogLineEncoder(RowType schema, boolean isoTimestamps) {
        this.events = new DebeziumJsonEncoder(schema, isoTimestamps);
    }

    @Override
    public void encode(Row row, StringBuilder out) {
        out.append(new String(events.encode(row), StandardCharsets.UTF_8)).append('\n');
    }
}

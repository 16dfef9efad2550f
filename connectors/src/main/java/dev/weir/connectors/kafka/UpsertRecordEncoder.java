package dev.weir.connectors.kafka;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import java.util.Objects;

/**
 * Writes a changelog to an upsert topic, as Flink's upsert-kafka sink does: the primary key is
 * the record key; +I and +U write the row as the value; -D writes a tombstone (null value); -U is
 * dropped, since the +U that follows it replaces the row under the same key.
 */
final class UpsertRecordEncoder implements RecordEncoder {
    private final UpsertKafkaTable table;
    private final KafkaFormat.ValueEncoder keyEncoder;
    private final KafkaFormat.ValueEncoder valueEncoder;

    UpsertRecordEncoder(UpsertKafkaTable table) {
        this.table = Objects.requireNonNull(table, "table is null");
        this.keyEncoder = table.keyFormat().newEncoder();
        this.valueEncoder = table.kafka().format().newEncoder();
    }

    @Override
    public boolean writes(Row row) {
        return row.kind() != RowKind.UPDATE_BEFORE;
    }

    @Override
    public byte[] key(Row row) {
        return keyEncoder.encode(Row.wrap(RowKind.INSERT, table.keyOf(row)));
    }

    @Override
    public byte[] value(Row row) {
        if (row.kind() == RowKind.DELETE) {
            return null;
        }
        return valueEncoder.encode(Row.wrap(RowKind.INSERT, table.valueOf(row)));
    }
}

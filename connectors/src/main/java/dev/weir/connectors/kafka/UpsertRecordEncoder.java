package dev.weir.connectors.kafka;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Header;

/**
 * Writes a changelog to an upsert topic, as Flink's upsert-kafka sink does: the primary key is
 * the record key; +I and +U write the row as the value; -D writes a tombstone (null value); -U is
 * dropped, since the +U that follows it replaces the row under the same key. Non-VIRTUAL
 * {@code timestamp} and {@code headers} metadata columns set the record's timestamp and headers.
 */
final class UpsertRecordEncoder implements RecordEncoder {
    private final UpsertKafkaTable table;
    private final KafkaFormat.ValueEncoder keyEncoder;
    private final KafkaFormat.ValueEncoder valueEncoder;
    private final int timestampIndex;
    private final int headersIndex;

    UpsertRecordEncoder(UpsertKafkaTable table) {
        this.table = Objects.requireNonNull(table, "table is null");
        this.keyEncoder = table.keyFormat().newEncoder();
        this.valueEncoder = table.kafka().format().newEncoder();
        this.timestampIndex = KafkaTableLayout.indexOf(table.metadata(), KafkaMetadata.TIMESTAMP);
        this.headersIndex = KafkaTableLayout.indexOf(table.metadata(), KafkaMetadata.HEADERS);
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

    @Override
    public Long timestamp(Row row) {
        return KafkaMetadata.timestampOf(table.kafka().table(), row, timestampIndex);
    }

    @Override
    public List<Header> headers(Row row) {
        return KafkaMetadata.headersOf(table.kafka().table(), row, headersIndex);
    }
}

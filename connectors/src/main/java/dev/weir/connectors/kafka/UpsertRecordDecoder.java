package dev.weir.connectors.kafka;

import dev.weir.connectors.format.BadRecordException;
import dev.weir.connectors.format.RowDecoder;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.type.RowType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads an upsert topic as a changelog, as Flink's upsert-kafka source followed by its
 * ChangelogNormalize does: it remembers the last row per key, so a value for a new key is +I, a
 * value for a known key is -U of the previous row and +U of the new one (nothing when it is the
 * same row), and a tombstone (null value) is -D of the previous row (nothing for an unknown key).
 * Metadata columns are part of the row: a row with an {@code offset} column is never "the same row",
 * and a -D carries the metadata of the row it deletes, as Flink's ChangelogNormalize emits it.
 *
 * <p>The last rows live on the heap and are written into the source's checkpointed position, so a
 * restored job continues with the same memory. That position grows with the number of keys of
 * the subtask's partitions: fine for tables of up to a few hundred thousand keys.
 */
final class UpsertRecordDecoder implements RecordDecoder {
    private final UpsertKafkaTable table;
    private final RowDecoder keyDecoder;
    private final RowDecoder valueDecoder;
    private final RowSerializer rowSerializer;
    private final Map<Key, Row> last = new HashMap<>();

    UpsertRecordDecoder(UpsertKafkaTable table, RowType schema) {
        this.table = Objects.requireNonNull(table, "table is null");
        this.keyDecoder = table.keyFormat().newDecoder();
        this.valueDecoder = table.kafka().format().newDecoder();
        this.rowSerializer = new RowSerializer(schema);
    }

    @Override
    public void decode(byte[] key, byte[] value, Consumer<Row> out) throws BadRecordException {
        decode(key, value, null, out);
    }

    @Override
    public void decode(ConsumerRecord<byte[], byte[]> record, Consumer<Row> out) throws BadRecordException {
        decode(record.key(), record.value(), record, out);
    }

    /** @param record the whole record, for metadata columns (null: none are read) */
    private void decode(byte[] key, byte[] value, ConsumerRecord<byte[], byte[]> record, Consumer<Row> out)
            throws BadRecordException {
        if (key == null) {
            throw new BadRecordException("the record has no key; an upsert-kafka table needs the primary key as "
                    + "the record key");
        }
        Object[] keyValues = keyDecoder.decode(key, 0, key.length);
        Key k = new Key(keyValues);
        if (value == null) {
            Row previous = last.remove(k);
            if (previous != null) {
                out.accept(previous.withKind(RowKind.DELETE));
            }
            return;
        }
        Object[] values = valueDecoder.decode(value, 0, value.length);
        Object[] fields = new Object[table.arity()];
        int[] valueIndexes = table.valueIndexes();
        for (int i = 0; i < valueIndexes.length; i++) {
            fields[valueIndexes[i]] = values[i];
        }
        // the record key is the row's identity: its key columns come from it
        int[] keyIndexes = table.keyIndexes();
        for (int i = 0; i < keyIndexes.length; i++) {
            fields[keyIndexes[i]] = keyValues[i];
        }
        if (record != null) {
            KafkaMetadata[] metadata = table.metadata();
            for (int i = 0; i < metadata.length; i++) {
                if (metadata[i] != null) {
                    fields[i] = metadata[i].read(record);
                }
            }
        }
        Row row = Row.wrap(RowKind.INSERT, fields);
        Row previous = last.put(k, row);
        if (previous == null) {
            out.accept(row);
        } else if (!previous.equals(row)) {
            out.accept(previous.withKind(RowKind.UPDATE_BEFORE));
            out.accept(row.withKind(RowKind.UPDATE_AFTER));
        }
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        out.writeInt(last.size());
        for (Row row : last.values()) {
            rowSerializer.serialize(row, out);
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        last.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            Row row = rowSerializer.deserialize(in);
            last.put(new Key(table.keyOf(row)), row.withKind(RowKind.INSERT));
        }
    }

    /** Key values with value equality, BYTES included. */
    private static final class Key {
        private final Object[] values;
        private final int hash;

        Key(Object[] values) {
            this.values = values;
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof byte[] b) {
                    values[i] = ByteBuffer.wrap(b);
                }
            }
            this.hash = Arrays.hashCode(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Arrays.equals(values, other.values);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}

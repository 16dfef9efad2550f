package dev.weir.connectors.kafka;

import dev.weir.connectors.format.BadRecordException;
import dev.weir.connectors.format.RowDecoder;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.type.RowType;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads an upsert topic as a changelog, as Flink's upsert-kafka source followed by its
 * ChangelogNormalize does: it remembers the last row per key, so a value for a new key is +I, a
 * value for a known key is -U of the previous row and +U of the new one (nothing when it is the
 * same row), and a tombstone (null value) is -D of the previous row (nothing for an unknown key).
 * Metadata columns are part of the row: a row with an {@code offset} column is never "the same row",
 * and a -D carries the metadata of the row it deletes, as Flink's ChangelogNormalize emits it.
 *
 * <p>The last rows live on the heap, per partition, and are written into the source's checkpointed
 * position, so a restored job continues with the same memory. That position grows with the number of keys of
 * the subtask's partitions: fine for tables of up to a few hundred thousand keys. Kept per partition so that
 * after a rescale each subtask keeps exactly the rows of the partitions it reads now, as read by the subtask
 * that read them last: a copy held by any other subtask would go stale as the key moves on.
 *
 * <p>Snapshot layout (source position version 2): {@code int groups}, then per partition {@code UTF topic,
 * int partition, int rows, int bytes} and the rows' bytes ({@link KafkaRescaling} moves groups without
 * decoding them). Version 1 wrote {@code int rows} and the rows without partitions; such rows, and rows
 * decoded without a record, live in the group of {@link #UNKNOWN}, which every subtask keeps.
 */
final class UpsertRecordDecoder implements RecordDecoder {
    /** The group of rows whose partition is not known (version 1 positions). */
    static final TopicPartition UNKNOWN = new TopicPartition("", -1);

    private final UpsertKafkaTable table;
    private final RowDecoder keyDecoder;
    private final RowDecoder valueDecoder;
    private final RowSerializer rowSerializer;
    /** The last row per key, per partition. */
    private final Map<TopicPartition, Map<Key, Row>> last = new HashMap<>();
    /** The last row per key of rows whose partition is not known (version 1 positions); mostly empty. */
    private final Map<Key, Row> unknown = new HashMap<>();
    /** The map of the partition of the previous record: consecutive records mostly share it. */
    private String cachedTopic;
    private int cachedPartition = Integer.MIN_VALUE;
    private Map<Key, Row> cached;

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
        Map<Key, Row> rows = record == null ? unknown : partition(record.topic(), record.partition());
        if (value == null) {
            Row previous = rows.remove(k);
            if (previous == null && rows != unknown && !unknown.isEmpty()) {
                previous = unknown.remove(k);
            }
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
        Row previous = rows.put(k, row);
        if (previous == null && rows != unknown && !unknown.isEmpty()) {
            previous = unknown.remove(k); // the row of a version 1 position, now known to be this partition's
        }
        if (previous == null) {
            out.accept(row);
        } else if (!previous.equals(row)) {
            out.accept(previous.withKind(RowKind.UPDATE_BEFORE));
            out.accept(row.withKind(RowKind.UPDATE_AFTER));
        }
    }

    /** The rows of partition {@code topic}-{@code partition}, created empty on first use. */
    private Map<Key, Row> partition(String topic, int partition) {
        if (cached == null || partition != cachedPartition || !topic.equals(cachedTopic)) {
            cached = last.computeIfAbsent(new TopicPartition(topic, partition), tp -> new HashMap<>());
            cachedTopic = topic;
            cachedPartition = partition;
        }
        return cached;
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        int groups = unknown.isEmpty() ? 0 : 1;
        for (Map<Key, Row> rows : last.values()) {
            groups += rows.isEmpty() ? 0 : 1;
        }
        out.writeInt(groups);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream rowsOut = new DataOutputStream(bytes);
        for (Map.Entry<TopicPartition, Map<Key, Row>> group : last.entrySet()) {
            writeGroup(group.getKey(), group.getValue(), out, bytes, rowsOut);
        }
        writeGroup(UNKNOWN, unknown, out, bytes, rowsOut);
    }

    private void writeGroup(TopicPartition tp, Map<Key, Row> rows, DataOutput out, ByteArrayOutputStream bytes,
            DataOutputStream rowsOut) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        bytes.reset();
        for (Row row : rows.values()) {
            rowSerializer.serialize(row, rowsOut);
        }
        rowsOut.flush();
        out.writeUTF(tp.topic());
        out.writeInt(tp.partition());
        out.writeInt(rows.size());
        out.writeInt(bytes.size());
        out.write(bytes.toByteArray());
    }

    @Override
    public void restore(DataInput in, int positionVersion, Predicate<TopicPartition> mine) throws IOException {
        last.clear();
        unknown.clear();
        cached = null;
        if (positionVersion == 1) {
            readRows(in, in.readInt(), unknown);
            return;
        }
        int groups = in.readInt();
        for (int g = 0; g < groups; g++) {
            TopicPartition tp = new TopicPartition(in.readUTF(), in.readInt());
            int rows = in.readInt();
            int bytes = in.readInt();
            if (tp.equals(UNKNOWN)) {
                readRows(in, rows, unknown);
            } else if (mine.test(tp)) {
                readRows(in, rows, last.computeIfAbsent(tp, t -> new HashMap<>()));
            } else {
                in.readFully(new byte[bytes]); // another subtask reads that partition now, with these rows
            }
        }
    }

    private void readRows(DataInput in, int n, Map<Key, Row> rows) throws IOException {
        for (int i = 0; i < n; i++) {
            Row row = rowSerializer.deserialize(in);
            rows.put(new Key(table.keyOf(row)), row.withKind(RowKind.INSERT));
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

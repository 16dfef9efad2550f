package dev.weir.connectors.kafka;

import dev.weir.connectors.format.BadRecordException;
import dev.weir.core.Row;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns one Kafka record (key and value bytes, either may be null) into zero or more changes.
 * A decoder that remembers earlier records (the upsert source's last value per key) keeps that
 * memory in the source's checkpointed position through {@link #snapshot} and {@link #restore}.
 */
interface RecordDecoder {
    void decode(byte[] key, byte[] value, Consumer<Row> out) throws BadRecordException;

    /** Decodes a whole record; by its key and value unless the decoder also reads metadata. */
    default void decode(ConsumerRecord<byte[], byte[]> record, Consumer<Row> out) throws BadRecordException {
        decode(record.key(), record.value(), out);
    }

    /** Writes what the decoder remembers; nothing by default. */
    default void snapshot(DataOutput out) throws IOException {
    }

    /**
     * Reads what {@link #snapshot} wrote, in the layout of source position version {@code positionVersion},
     * keeping only what belongs to the partitions {@code mine} accepts (after a rescale the position holds the
     * memory of every old subtask's partitions).
     */
    default void restore(DataInput in, int positionVersion, Predicate<TopicPartition> mine) throws IOException {
    }
}

package dev.weir.connectors.kafka;

import dev.weir.connectors.format.BadRecordException;
import dev.weir.connectors.format.RowDecoder;
import dev.weir.core.Row;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads and writes the rows of a {@code kafka} table whose columns are not all in the record value:
 * key columns ({@code key.fields}) and metadata columns, placed as {@link KafkaTableLayout} says.
 */
final class LayoutRecordCodec {
    private LayoutRecordCodec() {
    }

    /** Key columns from the key (NULL when the record has no key), value columns from the value, metadata. */
    static final class Decoder implements RecordDecoder {
        private final KafkaTableLayout layout;
        private final RecordDecoder valueDecoder;
        private final RowDecoder keyDecoder;

        Decoder(KafkaTableLayout layout, RecordDecoder valueDecoder, RowDecoder keyDecoder) {
            this.layout = Objects.requireNonNull(layout, "layout is null");
            this.valueDecoder = Objects.requireNonNull(valueDecoder, "valueDecoder is null");
            this.keyDecoder = keyDecoder;
        }

        @Override
        public void decode(byte[] key, byte[] value, Consumer<Row> out) {
            throw new IllegalStateException("a table with key or metadata columns decodes whole records");
        }

        @Override
        public void decode(ConsumerRecord<byte[], byte[]> r, Consumer<Row> out) throws BadRecordException {
            byte[] key = r.key();
            Object[] keyValues = keyDecoder == null || key == null ? null : keyDecoder.decode(key, 0, key.length);
            int[] keyIndexes = layout.keyIndexes();
            int[] valueIndexes = layout.valueIndexes();
            KafkaMetadata[] metadata = layout.metadata();
            valueDecoder.decode(key, r.value(), valueRow -> {
                Object[] fields = new Object[metadata.length];
                if (keyValues != null) {
                    for (int j = 0; j < keyIndexes.length; j++) {
                        fields[keyIndexes[j]] = keyValues[j];
                    }
                }
                // with value.fields-include = ALL the value's copy of a key column wins, as in Flink
                for (int j = 0; j < valueIndexes.length; j++) {
                    fields[valueIndexes[j]] = valueRow.field(j);
                }
                for (int i = 0; i < metadata.length; i++) {
                    if (metadata[i] != null) {
                        fields[i] = metadata[i].read(r);
                    }
                }
                out.accept(Row.wrap(valueRow.kind(), fields));
            });
        }
    }

    /** The key from the key columns, the value from the value columns, timestamp and headers from metadata. */
    static final class Encoder implements RecordEncoder {
        private final String table;
        private final KafkaTableLayout layout;
        private final RecordEncoder valueEncoder;
        private final KafkaFormat.ValueEncoder keyEncoder;
        private final int timestampIndex;
        private final int headersIndex;

        Encoder(String table, KafkaTableLayout layout, RecordEncoder valueEncoder, KafkaFormat.ValueEncoder keyEncoder) {
            this.table = Objects.requireNonNull(table, "table is null");
            this.layout = Objects.requireNonNull(layout, "layout is null");
            this.valueEncoder = Objects.requireNonNull(valueEncoder, "valueEncoder is null");
            this.keyEncoder = keyEncoder;
            this.timestampIndex = layout.indexOf(KafkaMetadata.TIMESTAMP);
            this.headersIndex = layout.indexOf(KafkaMetadata.HEADERS);
        }

        @Override
        public boolean writes(Row row) {
            return valueEncoder.writes(row);
        }

        @Override
        public byte[] key(Row row) {
            return keyEncoder == null ? null : keyEncoder.encode(project(row, layout.keyIndexes()));
        }

        @Override
        public byte[] value(Row row) {
            return valueEncoder.value(project(row, layout.valueIndexes()));
        }

        @Override
        public Long timestamp(Row row) {
            return KafkaMetadata.timestampOf(table, row, timestampIndex);
        }

        @Override
        public List<Header> headers(Row row) {
            return KafkaMetadata.headersOf(table, row, headersIndex);
        }

        private static Row project(Row row, int[] indexes) {
            Object[] fields = new Object[indexes.length];
            for (int j = 0; j < indexes.length; j++) {
                fields[j] = row.field(indexes[j]);
            }
            return Row.wrap(row.kind(), fields);
        }
    }
}

package dev.weir.connectors.kafka;

import dev.weir.core.Row;
import java.util.List;
import org.apache.kafka.common.header.Header;

/** Turns one change into a Kafka record's key and value (either may be null), or drops it. */
interface RecordEncoder {
    /** Whether the change is written at all (upsert-kafka drops -U). */
    default boolean writes(Row row) {
        return true;
    }

    /** The record key, or null for none. */
    default byte[] key(Row row) {
        return null;
    }

    /** The record value, or null for a tombstone. */
    byte[] value(Row row);

    /** The record timestamp in epoch milliseconds, or null to let the producer set it. */
    default Long timestamp(Row row) {
        return null;
    }

    /** The record headers, or null for none. */
    default List<Header> headers(Row row) {
        return null;
    }
}

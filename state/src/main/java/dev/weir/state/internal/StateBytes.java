package dev.weir.state.internal;

import dev.weir.core.serde.TypeSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical byte layout shared by both backends, so snapshots move between them unchanged.
 *
 * <p>Keys: {@code [key group: 2 bytes big-endian][key][namespace][map key]}; the serializers are
 * self-delimiting, so the concatenation is unambiguous and a (key, namespace) prefix never
 * matches another (key, namespace). Lists: the serialized elements separated by
 * {@link #LIST_DELIMITER}, which is what RocksDB's string-append merge operator produces.
 */
public final class StateBytes {
    /** Delimiter between list elements; RocksDB's StringAppendOperator inserts it between merge operands. */
    public static final char LIST_DELIMITER = ',';
    /** Key groups are stored in 2 bytes, as in Flink: at most 32768 of them. */
    public static final int MAX_KEY_GROUPS = 1 << 15;

    private StateBytes() {
    }

    public static void writeKeyGroup(int keyGroup, ByteArrayDataOutput out) {
        out.writeShort(keyGroup);
    }

    public static int keyGroupOf(byte[] key) {
        return ((key[0] & 0xFF) << 8) | (key[1] & 0xFF);
    }

    public static <V> void writeList(List<V> values, TypeSerializer<V> serializer, ByteArrayDataOutput out)
            throws IOException {
        for (int i = 0, n = values.size(); i < n; i++) {
            if (i > 0) {
                out.writeByte(LIST_DELIMITER);
            }
            serializer.serialize(values.get(i), out);
        }
    }

    /** Reads a delimited list written by {@link #writeList} or by RocksDB merges. */
    public static <V> ArrayList<V> readList(ByteArrayDataInput in, TypeSerializer<V> serializer) throws IOException {
        ArrayList<V> values = new ArrayList<>();
        while (in.remaining() > 0) {
            if (!values.isEmpty()) {
                in.readByte();
            }
            values.add(serializer.deserialize(in));
        }
        return values;
    }
}

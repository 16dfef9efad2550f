package dev.weir.executor.runtime;

import dev.weir.core.serde.Serializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The source positions of one subtask of a plan with several sources (a join, a union), packed
 * into the one position a checkpoint keeps per subtask. A plan with one source keeps its reader's
 * bytes as they are, so its checkpoints read the same as before joins existed.
 */
final class SourcePositions {
    private SourcePositions() {
    }

    static byte[] pack(List<byte[]> positions) {
        if (positions.size() == 1) {
            return positions.get(0);
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(positions.size());
            for (byte[] p : positions) {
                out.writeBoolean(p != null);
                if (p != null) {
                    Serializers.BYTES.serialize(p, out);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The positions of {@code count} sources from {@link #pack}; all null when {@code packed} is null. */
    static List<byte[]> unpack(byte[] packed, int count) {
        List<byte[]> positions = new ArrayList<>(count);
        if (packed == null || count == 1) {
            for (int i = 0; i < count; i++) {
                positions.add(packed);
            }
            return positions;
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(packed));
            int n = in.readInt();
            if (n != count) {
                throw new IllegalStateException("the checkpoint holds positions of " + n + " sources, the job has "
                        + count);
            }
            for (int i = 0; i < n; i++) {
                positions.add(in.readBoolean() ? Serializers.BYTES.deserialize(in) : null);
            }
            return positions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.weir.executor.runtime;

import dev.weir.core.serde.Serializers;
import dev.weir.executor.checkpoint.CheckpointMetadata;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.TableContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sink committables of one subtask index of a plan with several sinks, packed into the one
 * committable a checkpoint keeps per subtask: a magic prefix, then (sink id, bytes or null) entries.
 * Sinks of one subtask index may run in different stages, so the coordinator {@link #merge}s what
 * each stage's subtask acknowledges. A plan with one sink keeps its writer's bytes as they are, so
 * its checkpoints read the same as before plans had several sinks.
 */
final class SinkCommittables {
    private static final byte[] MAGIC = {'W', 'S', 'N', 'K', 'S', 0, 0, 1};

    private SinkCommittables() {
    }

    /** One subtask's committables of the sinks {@code ids} (same order); raw bytes unless {@code keyed}. */
    static byte[] pack(List<String> ids, List<byte[]> committables, boolean keyed) {
        if (!keyed) {
            if (ids.size() != 1) {
                throw new IllegalArgumentException("only one sink's committable is kept unkeyed");
            }
            return committables.get(0);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            entries.put(ids.get(i), committables.get(i));
        }
        return write(entries);
    }

    /** Both packings' entries together; either may be null (no sink acknowledged yet). */
    static byte[] merge(byte[] a, byte[] b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (!isKeyed(a) || !isKeyed(b)) {
            throw new IllegalStateException("two unkeyed sink committables for one subtask");
        }
        Map<String, byte[]> entries = read(a);
        entries.putAll(read(b));
        return write(entries);
    }

    /**
     * Sink {@code id}'s committable out of what a checkpoint keeps for one subtask, for a plan with
     * {@code sinkCount} sinks; null when it has none. {@code checkpointSinkId} is the sink of a
     * checkpoint written by a one-sink plan (its last operator), whose bytes are unkeyed.
     */
    static byte[] unpack(byte[] stored, String id, int sinkCount, String checkpointSinkId) {
        if (stored == null) {
            return null;
        }
        if (isKeyed(stored)) {
            return read(stored).get(id);
        }
        if (sinkCount == 1 || id.equals(checkpointSinkId)) {
            return stored;
        }
        return null;
    }

    /** The last operator id of the checkpoint: its sink, when a one-sink plan wrote it. */
    static String lastOperatorId(CheckpointMetadata meta) {
        List<String> ids = meta.operatorIds();
        return ids.isEmpty() ? null : ids.get(ids.size() - 1);
    }

    /** Sink {@code id}'s committable of subtask {@code subtask} of checkpoint {@code meta} (same parallelism). */
    static byte[] of(CheckpointMetadata meta, int subtask, String id, int sinkCount) {
        return unpack(meta.sinkCommittables().get(subtask), id, sinkCount, lastOperatorId(meta));
    }

    /** Sink {@code id}'s committable for the new subtask of {@code context}, redistributed by its connector. */
    static byte[] rescaled(CheckpointMetadata meta, ConnectorFactory factory, TableContext context, String id,
            int sinkCount) {
        // the sink's own old subtasks: it may have run at another parallelism than the job (sink.parallelism)
        int oldParallelism = meta.parallelismOf(id);
        List<byte[]> old = new ArrayList<>(oldParallelism);
        String checkpointSink = lastOperatorId(meta);
        for (int j = 0; j < oldParallelism; j++) {
            old.add(unpack(meta.sinkCommittables().get(j), id, sinkCount, checkpointSink));
        }
        return factory.rescaledCommittable(context, old);
    }

    static boolean isKeyed(byte[] bytes) {
        return bytes != null && bytes.length >= MAGIC.length
                && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private static byte[] write(Map<String, byte[]> entries) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(MAGIC);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(entries.size());
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeBoolean(e.getValue() != null);
                if (e.getValue() != null) {
                    Serializers.BYTES.serialize(e.getValue(), out);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> read(byte[] packed) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(packed, MAGIC.length,
                    packed.length - MAGIC.length));
            int n = in.readInt();
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                entries.put(id, in.readBoolean() ? Serializers.BYTES.deserialize(in) : null);
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

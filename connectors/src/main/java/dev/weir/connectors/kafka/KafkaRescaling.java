package dev.weir.connectors.kafka;

import dev.weir.core.WeirException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redistributes the Kafka connectors' checkpointed state when a job resumes at another parallelism.
 *
 * <ul>
 *   <li>Source positions are partition → next offset ({@link KafkaSourceReader}). Every new subtask
 *       gets the union of all old subtasks' maps and seeks only its own partitions (the same
 *       round-robin split over the sorted partitions as always), so each partition resumes exactly
 *       where its old reader stopped. For {@code upsert-kafka} the position also holds the last row
 *       per key: the union of those goes to every new subtask as well, since which partition a key
 *       lives in is not recorded (a subtask only ever uses the keys of its partitions).</li>
 *   <li>Sink committables (exactly-once: the prepared transaction of each old subtask) are bundled
 *       so that new subtask {@code i} takes over old subtasks {@code i, i + p', ...}: it commits
 *       their prepared transactions and aborts the transactions their id prefixes left open
 *       ({@link KafkaSinkWriter}).</li>
 * </ul>
 */
final class KafkaRescaling {
    /** Marks a bundle of old committables; a checkpoint's own committable starts with version 1. */
    static final byte BUNDLE = 2;
    private static final byte POSITION_VERSION = 1;

    private KafkaRescaling() {
    }

    /** One old subtask's committable (null when it had none) taken over by a new subtask. */
    record Inherited(int oldSubtask, byte[] committable) {
    }

    /** The union of old source positions, for any new subtask; null when there were none. */
    static byte[] mergePositions(String table, List<byte[]> oldPositions, boolean upsert) {
        Map<String, Map<Integer, Long>> offsets = new LinkedHashMap<>();
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        int rowCount = 0;
        boolean any = false;
        try {
            for (byte[] position : oldPositions) {
                if (position == null) {
                    continue;
                }
                any = true;
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(position));
                if (in.readByte() != POSITION_VERSION) {
                    throw new WeirException("Table '" + table + "': the Kafka source position in the checkpoint has "
                            + "an unknown version. Restore from a checkpoint written by this Weir version.");
                }
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    String topic = in.readUTF();
                    int partition = in.readInt();
                    offsets.computeIfAbsent(topic, t -> new LinkedHashMap<>()).put(partition, in.readLong());
                }
                if (upsert) {
                    // the decoder's memory: a row count, then rows that delimit themselves
                    rowCount += in.readInt();
                    rows.write(in.readAllBytes());
                } else if (in.available() > 0) {
                    throw new WeirException("Table '" + table + "': the Kafka source position in the checkpoint holds "
                            + "more than offsets, which this Weir cannot redistribute to another parallelism. Resume "
                            + "at the parallelism the checkpoint was taken at.");
                }
            }
            if (!any) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(POSITION_VERSION);
            int total = 0;
            for (Map<Integer, Long> partitions : offsets.values()) {
                total += partitions.size();
            }
            out.writeInt(total);
            for (Map.Entry<String, Map<Integer, Long>> topic : offsets.entrySet()) {
                for (Map.Entry<Integer, Long> p : topic.getValue().entrySet()) {
                    out.writeUTF(topic.getKey());
                    out.writeInt(p.getKey());
                    out.writeLong(p.getValue());
                }
            }
            if (upsert) {
                out.writeInt(rowCount);
                rows.writeTo(out);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new WeirException("Table '" + table + "': a Kafka source position in the checkpoint is damaged ("
                    + e + "). Restore from an earlier checkpoint.");
        }
    }

    /** The committables of old subtasks {@code subtask, subtask + parallelism, ...}, bundled. */
    static byte[] bundleCommittables(List<byte[]> oldCommittables, int subtask, int parallelism) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(BUNDLE);
            int count = 0;
            for (int j = subtask; j < oldCommittables.size(); j += parallelism) {
                count++;
            }
            out.writeInt(count);
            for (int j = subtask; j < oldCommittables.size(); j += parallelism) {
                byte[] old = oldCommittables.get(j);
                out.writeInt(j);
                boolean present = old != null && old.length > 0;
                out.writeBoolean(present);
                if (present) {
                    out.writeInt(old.length);
                    out.write(old);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isBundle(byte[] state) {
        return state != null && state.length > 0 && state[0] == BUNDLE;
    }

    static List<Inherited> unbundle(byte[] state) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
            in.readByte();
            int n = in.readInt();
            List<Inherited> all = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int oldSubtask = in.readInt();
                all.add(new Inherited(oldSubtask, in.readBoolean() ? in.readNBytes(in.readInt()) : null));
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

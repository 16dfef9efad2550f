package dev.weir.connectors.kafka;

import dev.weir.core.WeirException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Redistributes the Kafka connectors' checkpointed state when a job resumes at another parallelism.
 *
 * <ul>
 *   <li>Source positions are partition → next offset ({@link KafkaSourceReader}). Every new subtask
 *       gets the union of all old subtasks' maps and seeks only its own partitions (the same
 *       round-robin split over the sorted partitions as always), so each partition resumes exactly
 *       where its old reader stopped. For {@code upsert-kafka} the position also holds the last row
 *       per key, grouped by partition: each partition's rows go along as the old subtask that read the
 *       partition kept them, and each new subtask keeps those of the partitions it reads now.</li>
 *   <li>Sink committables (exactly-once: the prepared transaction of each old subtask) are bundled
 *       so that new subtask {@code i} takes over old subtasks {@code i, i + p', ...}: it commits
 *       their prepared transactions and aborts the transactions their id prefixes left open
 *       ({@link KafkaSinkWriter}).</li>
 * </ul>
 */
final class KafkaRescaling {
    /** Marks a bundle of old committables; a checkpoint's own committable starts with version 1. */
    static final byte BUNDLE = 2;

    private KafkaRescaling() {
    }

    /** One old subtask's committable (null when it had none) taken over by a new subtask. */
    record Inherited(int oldSubtask, byte[] committable) {
    }

    /**
     * The union of old source positions, for any new subtask; null when there were none. For upsert-kafka the
     * decoder's rows go along in their partition groups, each only from the old subtask that read the partition
     * (a group of another partition would be a copy, stale since); version 1 rows, whose partition is not known,
     * go into one group of unknown partition.
     */
    static byte[] mergePositions(String table, List<byte[]> oldPositions, boolean upsert) {
        Map<String, Map<Integer, Long>> offsets = new LinkedHashMap<>();
        ByteArrayOutputStream groups = new ByteArrayOutputStream();
        DataOutputStream groupsOut = new DataOutputStream(groups);
        int groupCount = 0;
        ByteArrayOutputStream unknownRows = new ByteArrayOutputStream();
        int unknownCount = 0;
        boolean any = false;
        try {
            for (byte[] position : oldPositions) {
                if (position == null) {
                    continue;
                }
                any = true;
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(position));
                byte version = in.readByte();
                if (version != 1 && version != KafkaSourceReader.POSITION_VERSION) {
                    throw new WeirException("Table '" + table + "': the Kafka source position in the checkpoint has "
                            + "an unknown version. Restore from a checkpoint written by this Weir version.");
                }
                int n = in.readInt();
                Set<String> read = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    String topic = in.readUTF();
                    int partition = in.readInt();
                    offsets.computeIfAbsent(topic, t -> new LinkedHashMap<>()).put(partition, in.readLong());
                    read.add(topic + '\u0000' + partition);
                }
                if (upsert && version == 1) {
                    // the decoder's memory: a row count, then rows that delimit themselves
                    unknownCount += in.readInt();
                    unknownRows.write(in.readAllBytes());
                } else if (upsert) {
                    int count = in.readInt();
                    for (int g = 0; g < count; g++) {
                        String topic = in.readUTF();
                        int partition = in.readInt();
                        int rows = in.readInt();
                        byte[] bytes = in.readNBytes(in.readInt());
                        boolean unknown = partition == UpsertRecordDecoder.UNKNOWN.partition()
                                && topic.equals(UpsertRecordDecoder.UNKNOWN.topic());
                        if (unknown) {
                            unknownCount += rows;
                            unknownRows.write(bytes);
                        } else if (read.contains(topic + '\u0000' + partition)) {
                            groupCount++;
                            writeGroup(groupsOut, topic, partition, rows, bytes);
                        }
                    }
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
            out.writeByte(KafkaSourceReader.POSITION_VERSION);
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
                groupsOut.flush();
                out.writeInt(groupCount + (unknownCount > 0 ? 1 : 0));
                groups.writeTo(out);
                if (unknownCount > 0) {
                    writeGroup(out, UpsertRecordDecoder.UNKNOWN.topic(), UpsertRecordDecoder.UNKNOWN.partition(),
                            unknownCount, unknownRows.toByteArray());
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new WeirException("Table '" + table + "': a Kafka source position in the checkpoint is damaged ("
                    + e + "). Restore from an earlier checkpoint.");
        }
    }

    private static void writeGroup(DataOutputStream out, String topic, int partition, int rows, byte[] bytes)
            throws IOException {
        out.writeUTF(topic);
        out.writeInt(partition);
        out.writeInt(rows);
        out.writeInt(bytes.length);
        out.write(bytes);
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

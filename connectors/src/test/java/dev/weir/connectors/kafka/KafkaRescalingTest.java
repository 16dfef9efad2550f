package dev.weir.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Kafka positions and transactions redistributed to another parallelism. */
class KafkaRescalingTest {
    /** A position as {@link KafkaSourceReader} writes it: partition offsets, then the decoder's bytes. */
    private static byte[] position(Map<Integer, Long> offsets, byte[] decoderTail) throws Exception {
        return position(KafkaSourceReader.POSITION_VERSION, offsets, decoderTail);
    }

    private static byte[] position(int version, Map<Integer, Long> offsets, byte[] decoderTail) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(version);
        out.writeInt(offsets.size());
        for (Map.Entry<Integer, Long> e : offsets.entrySet()) {
            out.writeUTF("t");
            out.writeInt(e.getKey());
            out.writeLong(e.getValue());
        }
        out.write(decoderTail);
        out.flush();
        return bytes.toByteArray();
    }

    private static Map<Integer, Long> offsets(byte[] position, DataInputStream in) throws Exception {
        assertThat(in.readByte()).isEqualTo(KafkaSourceReader.POSITION_VERSION);
        Map<Integer, Long> offsets = new TreeMap<>();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            assertThat(in.readUTF()).isEqualTo("t");
            offsets.put(in.readInt(), in.readLong());
        }
        return offsets;
    }

    @Test
    void everyNewSubtaskGetsTheUnionOfOldOffsets() throws Exception {
        byte[] merged = KafkaRescaling.mergePositions("k", Arrays.asList(position(Map.of(0, 5L, 2, 7L), new byte[0]),
                null, position(Map.of(1, 9L), new byte[0])), false);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(merged));
        assertThat(offsets(merged, in)).isEqualTo(Map.of(0, 5L, 1, 9L, 2, 7L));
        assertThat(in.available()).isZero();
        assertThat(KafkaRescaling.mergePositions("k", Arrays.asList(null, null), false)).isNull();
    }

    /** The upsert decoder's memory (version 2): partition groups of {@code {partition, rows, bytes...}}. */
    private static byte[] groups(int[]... groups) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(groups.length);
        for (int[] g : groups) {
            out.writeUTF(g[0] < 0 ? "" : "t");
            out.writeInt(g[0]);
            out.writeInt(g[1]);
            out.writeInt(g.length - 2);
            for (int i = 2; i < g.length; i++) {
                out.writeByte(g[i]);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** The groups of a merged upsert position: partition → {rows, bytes...}. */
    private static Map<Integer, List<Integer>> readGroups(DataInputStream in) throws Exception {
        Map<Integer, List<Integer>> groups = new TreeMap<>();
        int n = in.readInt();
        for (int g = 0; g < n; g++) {
            String topic = in.readUTF();
            int partition = in.readInt();
            assertThat(topic).isEqualTo(partition < 0 ? "" : "t");
            List<Integer> content = new java.util.ArrayList<>(List.of(in.readInt()));
            for (byte b : in.readNBytes(in.readInt())) {
                content.add((int) b);
            }
            assertThat(groups.put(partition, content)).as("one group per partition").isNull();
        }
        assertThat(in.available()).isZero();
        return groups;
    }

    @Test
    void eachPartitionsUpsertRowsComeFromTheOldSubtaskThatReadIt() throws Exception {
        // old subtask 0 read partitions 0 and 2 but also holds a (stale) copy of partition 1's rows, as a
        // subtask restored by the union of an earlier rescale did before version 2; old subtask 1 read partition 1
        byte[] a = groups(new int[] {0, 2, 10, 11}, new int[] {1, 1, 99}, new int[] {2, 1, 20});
        byte[] b = groups(new int[] {1, 1, 12});
        byte[] merged = KafkaRescaling.mergePositions("k", List.of(position(Map.of(0, 1L, 2, 3L), a),
                position(Map.of(1, 2L), b)), true);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(merged));
        assertThat(offsets(merged, in)).isEqualTo(Map.of(0, 1L, 1, 2L, 2, 3L));
        assertThat(readGroups(in)).isEqualTo(Map.of(0, List.of(2, 10, 11), 1, List.of(1, 12), 2, List.of(1, 20)));
    }

    @Test
    void versionOneUpsertRowsBecomeOneGroupOfUnknownPartition() throws Exception {
        // version 1: a row count, then the rows (opaque here), without partitions
        byte[] a = {0, 0, 0, 2, 10, 11};
        byte[] b = {0, 0, 0, 1, 12};
        byte[] merged = KafkaRescaling.mergePositions("k", List.of(position(1, Map.of(0, 1L), a),
                position(1, Map.of(1, 2L), b)), true);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(merged));
        assertThat(offsets(merged, in)).isEqualTo(Map.of(0, 1L, 1, 2L));
        assertThat(readGroups(in)).isEqualTo(Map.of(-1, List.of(3, 10, 11, 12)));
        // merged again (a later rescale), the unknown rows of every old subtask still go along
        byte[] again = KafkaRescaling.mergePositions("k", List.of(merged, position(Map.of(), groups())), true);
        DataInputStream in2 = new DataInputStream(new ByteArrayInputStream(again));
        offsets(again, in2);
        assertThat(readGroups(in2)).isEqualTo(Map.of(-1, List.of(3, 10, 11, 12)));
    }

    @Test
    void newSubtaskITakesOverOldSubtasksIPlusMultiplesOfTheNewParallelism() {
        List<byte[]> old = Arrays.asList(new byte[] {1, 0}, null, new byte[] {1, 2}, new byte[] {1, 3},
                new byte[] {1, 4});
        byte[] bundle = KafkaRescaling.bundleCommittables(old, 0, 2);
        assertThat(KafkaRescaling.isBundle(bundle)).isTrue();
        assertThat(KafkaRescaling.isBundle(old.get(0))).isFalse();
        List<KafkaRescaling.Inherited> zero = KafkaRescaling.unbundle(bundle);
        assertThat(zero).extracting(KafkaRescaling.Inherited::oldSubtask).containsExactly(0, 2, 4);
        assertThat(zero.get(1).committable()).containsExactly(1, 2);
        List<KafkaRescaling.Inherited> one = KafkaRescaling.unbundle(KafkaRescaling.bundleCommittables(old, 1, 2));
        assertThat(one).extracting(KafkaRescaling.Inherited::oldSubtask).containsExactly(1, 3);
        assertThat(one.get(0).committable()).isNull();
        assertThat(KafkaRescaling.unbundle(KafkaRescaling.bundleCommittables(old, 7, 8))).isEmpty();
    }
}

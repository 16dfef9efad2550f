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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
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
        assertThat(in.readByte()).isEqualTo((byte) 1);
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

    @Test
    void upsertMemoriesAreConcatenated() throws Exception {
        // the upsert decoder's memory: a row count, then the rows (opaque here)
        byte[] a = {0, 0, 0, 2, 10, 11};
        byte[] b = {0, 0, 0, 1, 12};
        byte[] merged = KafkaRescaling.mergePositions("k", List.of(position(Map.of(0, 1L), a),
                position(Map.of(1, 2L), b)), true);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(merged));
        assertThat(offsets(merged, in)).isEqualTo(Map.of(0, 1L, 1, 2L));
        assertThat(in.readInt()).isEqualTo(3);
        assertThat(in.readAllBytes()).containsExactly(10, 11, 12);
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

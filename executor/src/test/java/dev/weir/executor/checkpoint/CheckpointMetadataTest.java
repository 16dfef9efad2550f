package dev.weir.executor.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.serde.Serializers;
import dev.weir.core.serde.VarInts;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The {@code _metadata} format: per-operator parallelism (version 4), and older versions still read. */
class CheckpointMetadataTest {
    @Test
    void operatorsWithTheirOwnParallelismRoundTrip() throws IOException {
        // default 2; the source ran at 1, the sink at 3: three subtask slots
        CheckpointMetadata meta = new CheckpointMetadata("job", 7, 1000L, 2,
                Arrays.asList(new byte[] {1}, null, null),
                Arrays.asList(new byte[] {10}, new byte[] {11}, new byte[] {12}),
                List.of("src", "agg", "sink"), List.of(), List.of(), Map.of("src", 1, "agg", 2, "sink", 3));
        assertThat(meta.operatorParallelism()).as("only those differing from the default are kept")
                .isEqualTo(Map.of("src", 1, "sink", 3));
        CheckpointMetadata read = CheckpointMetadata.decode(meta.encode());
        assertThat(read.parallelism()).isEqualTo(2);
        assertThat(read.subtaskSlots()).isEqualTo(3);
        assertThat(read.parallelismOf("src")).isEqualTo(1);
        assertThat(read.parallelismOf("agg")).isEqualTo(2);
        assertThat(read.parallelismOf("sink")).isEqualTo(3);
        assertThat(read.parallelismOf("unknown")).isEqualTo(2);
        assertThat(read.sourcePositions().get(0)).containsExactly(1);
        assertThat(read.sourcePositions().get(1)).isNull();
        assertThat(read.sinkCommittables().get(2)).containsExactly(12);
    }

    @Test
    void positionsAndCommittablesMustCoverTheWidestOperator() {
        assertThatThrownBy(() -> new CheckpointMetadata("job", 1, 0L, 2, Arrays.asList(null, null),
                Arrays.asList(null, null), List.of(), List.of(), List.of(), Map.of("sink", 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVersion3FileReadsAsEveryOperatorAtItsParallelism() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(CheckpointMetadata.MAGIC);
        out.writeInt(3);
        Serializers.STRING.serialize("job", out);
        out.writeLong(5);
        out.writeLong(123L);
        VarInts.writeUnsigned(2, out); // parallelism, then one position and committable per subtask
        for (int i = 0; i < 2; i++) {
            out.writeBoolean(true);
            Serializers.BYTES.serialize(new byte[] {(byte) i}, out);
            out.writeBoolean(false);
        }
        VarInts.writeUnsigned(1, out);
        Serializers.STRING.serialize("agg", out);
        VarInts.writeUnsigned(0, out); // files
        VarInts.writeUnsigned(0, out); // shared files
        out.flush();
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();

        CheckpointMetadata read = CheckpointMetadata.decode(bytes.toByteArray());
        assertThat(read.parallelism()).isEqualTo(2);
        assertThat(read.subtaskSlots()).isEqualTo(2);
        assertThat(read.parallelismOf("agg")).isEqualTo(2);
        assertThat(read.parallelismOf("sink")).isEqualTo(2);
        assertThat(read.sourcePositions().get(1)).containsExactly(1);
        assertThat(read.operatorParallelism()).isEmpty();
    }
}

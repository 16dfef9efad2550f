package dev.weir.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several sinks' committables in the one committable a checkpoint keeps per subtask. */
class SinkCommittablesTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void oneSinkKeepsItsWritersBytesAsTheyAre() {
        byte[] raw = bytes("pending files");
        byte[] packed = SinkCommittables.pack(List.of("sink-a"), List.of(raw), false);
        assertThat(packed).isSameAs(raw);
        assertThat(SinkCommittables.isKeyed(packed)).isFalse();
        assertThat(SinkCommittables.unpack(packed, "sink-a", 1, "sink-a")).isEqualTo(raw);
    }

    @Test
    void stagesOfOneSubtaskIndexMergeIntoOneCommittableKeyedBySink() {
        byte[] first = SinkCommittables.pack(List.of("sink-a"), List.of(bytes("a")), true);
        byte[] second = SinkCommittables.pack(List.of("sink-b", "sink-c"),
                Arrays.asList(bytes("b"), null), true);

        byte[] merged = SinkCommittables.merge(SinkCommittables.merge(null, first), second);

        assertThat(SinkCommittables.unpack(merged, "sink-a", 3, null)).isEqualTo(bytes("a"));
        assertThat(SinkCommittables.unpack(merged, "sink-b", 3, null)).isEqualTo(bytes("b"));
        assertThat(SinkCommittables.unpack(merged, "sink-c", 3, null)).isNull();
        assertThat(SinkCommittables.unpack(merged, "sink-new", 3, null)).as("a sink the checkpoint has not").isNull();
        assertThat(SinkCommittables.unpack(null, "sink-a", 3, null)).isNull();
    }

    @Test
    void aCheckpointOfAOneSinkPlanGoesToThatSinkOfAPlanWithSeveral() {
        byte[] raw = bytes("old");
        assertThat(SinkCommittables.unpack(raw, "sink-a", 2, "sink-a")).isEqualTo(raw);
        assertThat(SinkCommittables.unpack(raw, "sink-b", 2, "sink-a")).isNull();
    }

    @Test
    void aOneSinkPlanFindsItsEntryInACheckpointOfSeveral() {
        byte[] packed = SinkCommittables.pack(List.of("sink-a", "sink-b"), List.of(bytes("a"), bytes("b")), true);
        assertThat(SinkCommittables.unpack(packed, "sink-b", 1, "sink-b")).isEqualTo(bytes("b"));
    }
}

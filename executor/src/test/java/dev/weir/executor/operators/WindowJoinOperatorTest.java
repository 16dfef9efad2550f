package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.JoinKeys;
import dev.weir.executor.plan.JoinType;
import dev.weir.executor.plan.WindowJoinSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The window join: joined when the window fires, outer padding, NULL keys, late rows and restore, on both backends. */
class WindowJoinOperatorTest {
    private static final RowType SIDE = RowType.builder().add("k", DataType.string()).add("id", DataType.bigint())
            .add("window_start", DataType.timestamp(3)).add("window_end", DataType.timestamp(3)).build();
    private static final RowType OUT = RowType.builder().add("k", DataType.string()).add("id", DataType.bigint())
            .add("window_start", DataType.timestamp(3)).add("window_end", DataType.timestamp(3))
            .add("k0", DataType.string()).add("id0", DataType.bigint())
            .add("window_start0", DataType.timestamp(3)).add("window_end0", DataType.timestamp(3)).build();
    private static final String W1 = "2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000";
    private static final String W2 = "2024-01-01 10:00:10.000, 2024-01-01 10:00:20.000";

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private static WindowJoinSpec join(JoinType type) {
        return new WindowJoinSpec("wj", OUT, type, 4, new JoinKeys(new int[] {0}, new int[] {0}), 3, 3, "TUMBLE(size=[10000 ms])",
                null, null, null);
    }

    private OperatorHarness harness(JoinType type, TestBackends.Choice backend, Path dir) throws Exception {
        return OperatorHarness.of(join(type), List.of(SIDE, SIDE), backend, dir);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void innerJoinEmitsEveryPairOfAWindowWhenItFires(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(JoinType.INNER, backend, tmp)) {
            h.processInput(0, "+I[a, 1, " + W1 + "]", "+I[a, 2, " + W1 + "]", "+I[null, 3, " + W1 + "]",
                    "+I[a, 4, " + W2 + "]");
            h.processInput(1, "+I[a, 11, " + W1 + "]", "+I[a, 12, " + W1 + "]", "+I[null, 13, " + W1 + "]",
                    "+I[b, 14, " + W1 + "]");
            h.watermark("2024-01-01 10:00:09.998");
            assertThat(h.outputText()).isEmpty();
            h.watermark("2024-01-01 10:00:09.999");
            assertThat(h.outputText()).containsExactlyInAnyOrder(
                    "+I[a, 1, " + W1 + ", a, 11, " + W1 + "]", "+I[a, 1, " + W1 + ", a, 12, " + W1 + "]",
                    "+I[a, 2, " + W1 + ", a, 11, " + W1 + "]", "+I[a, 2, " + W1 + ", a, 12, " + W1 + "]");
            // The first window has fired: a row of it is late; the second window still waits.
            h.clearOutput();
            h.processInput(1, "+I[a, 15, " + W1 + "]", "+I[a, 16, " + W2 + "]");
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
            h.watermark("2024-01-01 10:00:30.000");
            assertThat(h.outputText()).containsExactly("+I[a, 4, " + W2 + ", a, 16, " + W2 + "]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void fullJoinPadsRowsWithoutPartnerInTheirWindowAndNullKeys(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(JoinType.FULL, backend, tmp)) {
            h.processInput(0, "+I[a, 1, " + W1 + "]", "+I[null, 2, " + W1 + "]", "+I[c, 3, " + W2 + "]");
            h.processInput(1, "+I[a, 11, " + W1 + "]", "+I[null, 12, " + W1 + "]", "+I[c, 13, " + W1 + "]");
            h.watermark("2024-01-01 10:00:20.000");
            assertThat(h.outputText()).containsExactlyInAnyOrder(
                    "+I[a, 1, " + W1 + ", a, 11, " + W1 + "]",
                    "+I[null, 2, " + W1 + ", null, null, null, null]",
                    "+I[null, null, null, null, null, 12, " + W1 + "]",
                    "+I[null, null, null, null, c, 13, " + W1 + "]",
                    "+I[c, 3, " + W2 + ", null, null, null, null]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aSnapshotMidWindowRestoresTheRowsAndTheWatermark(TestBackends.Choice backend) throws Exception {
        Path snapshot;
        try (OperatorHarness h = harness(JoinType.LEFT, backend, tmp)) {
            h.processInput(0, "+I[a, 1, " + W1 + "]", "+I[b, 2, " + W2 + "]");
            h.processInput(1, "+I[a, 11, " + W1 + "]");
            h.watermark("2024-01-01 10:00:05.000");
            snapshot = h.snapshot();
        }
        try (OperatorHarness restored = harness(JoinType.LEFT, backend, tmp.resolve("r")).restore(snapshot)) {
            restored.processInput(1, "+I[b, 12, " + W2 + "]");
            restored.watermark("2024-01-01 10:00:12.000");
            assertThat(restored.outputText()).containsExactly("+I[a, 1, " + W1 + ", a, 11, " + W1 + "]");
            restored.processInput(0, "+I[a, 3, " + W1 + "]"); // late: its window fired after the restore
            assertThat(restored.metrics().lateRowsDropped()).isEqualTo(1);
            restored.clearOutput();
            restored.endInput();
            assertThat(restored.outputText()).containsExactly("+I[b, 2, " + W2 + ", b, 12, " + W2 + "]");
        }
    }
}

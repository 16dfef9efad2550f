package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.SortOrder;
import dev.weir.executor.plan.WindowKind;
import dev.weir.executor.plan.WindowRankSpec;
import dev.weir.executor.plan.WindowTableFunctionSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Window Top-N and deduplication: emitted once when the window fires, late rows, restore; and window assignment. */
class WindowRankOperatorTest {
    private static final RowType IN = RowType.builder().add("k", DataType.string()).add("v", DataType.bigint())
            .add("ts", DataType.timestamp(3)).add("window_start", DataType.timestamp(3))
            .add("window_end", DataType.timestamp(3)).build();
    private static final RowType RANKED = RowType.builder().add("k", DataType.string()).add("v", DataType.bigint())
            .add("ts", DataType.timestamp(3)).add("window_start", DataType.timestamp(3))
            .add("window_end", DataType.timestamp(3)).add("w0$o0", DataType.bigint().notNull()).build();
    private static final String W1 = "2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000";
    private static final String W2 = "2024-01-01 10:00:10.000, 2024-01-01 10:00:20.000";
    private static final String T = "2024-01-01 10:00:0";

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    /** Top-2 by v DESC per k and window, with the rank column. */
    private static WindowRankSpec top2() {
        return new WindowRankSpec("wr", RANKED, new int[] {0}, 3, 4,
                new SortOrder(new int[] {1}, new boolean[] {true}, new boolean[] {false}), 2, true, false, false, null);
    }

    /** The last row per k and window on ts. */
    private static WindowRankSpec keepLast() {
        return new WindowRankSpec("wd", IN, new int[] {0}, 3, 4,
                new SortOrder(new int[] {2}, new boolean[] {true}, new boolean[] {false}), 1, false, true, true, null);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void topNIsEmittedOnceWhenTheWindowFiresTiesInArrivalOrder(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(top2(), IN, backend, tmp)) {
            h.process("+I[a, 5, " + T + "1.000, " + W1 + "]", "+I[a, 9, " + T + "2.000, " + W1 + "]",
                    "+I[a, 5, " + T + "3.000, " + W1 + "]", "+I[a, 1, " + T + "4.000, " + W1 + "]",
                    "+I[b, 7, " + T + "5.000, " + W1 + "]", "+I[a, 3, 2024-01-01 10:00:11.000, " + W2 + "]");
            h.watermark("2024-01-01 10:00:09.998");
            assertThat(h.outputText()).isEmpty();
            h.watermark("2024-01-01 10:00:09.999");
            assertThat(h.outputText()).containsExactlyInAnyOrder(
                    "+I[a, 9, " + T + "2.000, " + W1 + ", 1]", "+I[a, 5, " + T + "1.000, " + W1 + ", 2]",
                    "+I[b, 7, " + T + "5.000, " + W1 + ", 1]");
            h.clearOutput();
            h.process("+I[a, 99, " + T + "6.000, " + W1 + "]");
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
            h.endInput();
            assertThat(h.outputText()).containsExactly("+I[a, 3, 2024-01-01 10:00:11.000, " + W2 + ", 1]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void keepLastTakesTheLaterOfTwoRowsAtTheSameTimeAcrossARestore(TestBackends.Choice backend) throws Exception {
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(keepLast(), IN, backend, tmp)) {
            h.process("+I[a, 1, " + T + "5.000, " + W1 + "]", "+I[a, 2, " + T + "7.000, " + W1 + "]",
                    "+I[a, 3, " + T + "6.000, " + W1 + "]");
            h.watermark("2024-01-01 10:00:05.000");
            snapshot = h.snapshot();
            assertThat(h.outputText()).isEmpty();
        }
        try (OperatorHarness r = OperatorHarness.restore(keepLast(), IN, backend, tmp, snapshot)) {
            r.process("+I[a, 4, " + T + "7.000, " + W1 + "]");
            r.watermark("2024-01-01 10:00:10.000");
            assertThat(r.outputText()).containsExactly("+I[a, 4, " + T + "7.000, " + W1 + "]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void hopAndCumulateRowsComeOutOncePerWindow(TestBackends.Choice backend) throws Exception {
        RowType in = RowType.builder().add("v", DataType.bigint()).add("ts", DataType.timestamp(3)).build();
        RowType out = RowType.builder().add("v", DataType.bigint()).add("ts", DataType.timestamp(3))
                .add("window_start", DataType.timestamp(3)).add("window_end", DataType.timestamp(3))
                .add("window_time", DataType.timestamp(3)).build();
        var hop = new WindowTableFunctionSpec("hop", out, WindowKind.HOP, 1, 10_000, 5_000, 0, null);
        try (OperatorHarness h = OperatorHarness.of(hop, in, backend, tmp)) {
            h.process("+I[1, 2024-01-01 10:00:07.000]", "+I[2, null]");
            assertThat(h.outputText()).containsExactly(
                    "+I[1, 2024-01-01 10:00:07.000, 2024-01-01 10:00:05.000, 2024-01-01 10:00:15.000, "
                            + "2024-01-01 10:00:14.999]",
                    "+I[1, 2024-01-01 10:00:07.000, 2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000, "
                            + "2024-01-01 10:00:09.999]");
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
        }
        var cumulate = new WindowTableFunctionSpec("cum", out, WindowKind.CUMULATE, 1, 10_000, 5_000, 0, null);
        try (OperatorHarness h = OperatorHarness.of(cumulate, in, backend, tmp.resolve("c"))) {
            h.process("+I[1, 2024-01-01 10:00:03.000]", "+I[2, 2024-01-01 10:00:07.000]");
            assertThat(h.outputText()).containsExactly(
                    "+I[1, 2024-01-01 10:00:03.000, 2024-01-01 10:00:00.000, 2024-01-01 10:00:05.000, "
                            + "2024-01-01 10:00:04.999]",
                    "+I[1, 2024-01-01 10:00:03.000, 2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000, "
                            + "2024-01-01 10:00:09.999]",
                    "+I[2, 2024-01-01 10:00:07.000, 2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000, "
                            + "2024-01-01 10:00:09.999]");
        }
    }
}

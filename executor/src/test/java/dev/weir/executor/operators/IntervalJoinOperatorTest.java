package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.IntervalJoinSpec;
import dev.weir.executor.plan.JoinKeys;
import dev.weir.executor.plan.JoinType;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.RowText;
import dev.weir.executor.testing.TestBackends;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The interval join: bounds, cleanup by the watermark, outer rows at expiry, and restore, on both backends. */
class IntervalJoinOperatorTest {
    private static final RowType ORDERS = RowType.builder().add("id", DataType.bigint())
            .add("ts", DataType.timestamp(3)).build();
    private static final RowType SHIPMENTS = RowType.builder().add("order_id", DataType.bigint())
            .add("ts", DataType.timestamp(3)).build();
    private static final RowType OUT = RowType.builder().add("id", DataType.bigint()).add("ts", DataType.timestamp(3))
            .add("order_id", DataType.bigint()).add("ts0", DataType.timestamp(3)).build();
    private static final String T = "2024-01-01 10:00:";

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    /** A shipment 0..10 s after its order. */
    private static IntervalJoinSpec join(JoinType type) {
        return new IntervalJoinSpec("ij", OUT, type, 2, new JoinKeys(new int[] {0}, new int[] {0}), 1, 1, 0, 10_000, null, null);
    }

    private OperatorHarness harness(JoinType type, TestBackends.Choice backend, Path dir) throws Exception {
        return OperatorHarness.of(join(type), List.of(ORDERS, SHIPMENTS), backend, dir);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void joinsWithinTheBoundsInEitherArrivalOrder(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(JoinType.INNER, backend, tmp)) {
            h.processInput(1, "+I[1, " + T + "05.000]");
            h.processInput(0, "+I[1, " + T + "00.000]", "+I[2, " + T + "00.000]");
            h.processInput(1, "+I[1, " + T + "10.000]", "+I[1, " + T + "10.001]", "+I[2, " + T + "00.000]");
            assertThat(h.outputText()).containsExactly(
                    "+I[1, " + T + "00.000, 1, " + T + "05.000]",
                    "+I[1, " + T + "00.000, 1, " + T + "10.000]",
                    "+I[2, " + T + "00.000, 2, " + T + "00.000]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theWatermarkRemovesRowsNoLaterRowCanMatch(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(JoinType.INNER, backend, tmp)) {
            h.processInput(0, "+I[1, " + T + "00.000]");
            h.watermark(T + "10.000");
            // The order's last possible partner time (10.000) is not after the watermark: it is gone.
            h.processInput(1, "+I[1, " + T + "09.000]");
            assertThat(h.outputText()).isEmpty();
            assertThat(h.watermarks()).containsExactly(RowText.timestamp(T + "10.000"));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void leftJoinEmitsAnUnmatchedOrderWhenItExpiresAndRestoresItsState(TestBackends.Choice backend)
            throws Exception {
        Path snapshot;
        try (OperatorHarness h = harness(JoinType.LEFT, backend, tmp)) {
            h.processInput(0, "+I[1, " + T + "00.000]", "+I[2, " + T + "01.000]");
            h.processInput(1, "+I[2, " + T + "03.000]");
            snapshot = h.snapshot();
        }
        try (OperatorHarness restored = harness(JoinType.LEFT, backend, tmp.resolve("r")).restore(snapshot)) {
            restored.watermark(T + "20.000");
            assertThat(restored.outputText()).containsExactly("+I[1, " + T + "00.000, null, null]");
        }
    }
}

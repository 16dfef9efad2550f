package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.JoinKeys;
import dev.weir.executor.plan.JoinType;
import dev.weir.executor.plan.TemporalJoinSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.RowText;
import dev.weir.executor.testing.TestBackends;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The event-time temporal join: the version valid at each left row's time, out-of-order and
 * changelog right rows, LEFT rows without a version, late left rows, and restore, on both backends.
 */
class TemporalJoinOperatorTest {
    private static final RowType ORDERS = RowType.builder().add("id", DataType.bigint())
            .add("currency", DataType.string()).add("ts", DataType.timestamp(3)).build();
    private static final RowType RATES = RowType.builder().add("currency", DataType.string())
            .add("rate", DataType.of(dev.weir.core.type.TypeRoot.INT)).add("ts", DataType.timestamp(3)).build();
    private static final RowType OUT = RowType.builder().add("id", DataType.bigint())
            .add("currency", DataType.string()).add("ts", DataType.timestamp(3))
            .add("currency0", DataType.string()).add("rate", DataType.of(dev.weir.core.type.TypeRoot.INT))
            .add("ts0", DataType.timestamp(3)).build();
    private static final String T = "2024-01-01 10:00:";

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private static TemporalJoinSpec join(JoinType type) {
        return new TemporalJoinSpec("tj", OUT, type, 3, new JoinKeys(new int[] {1}, new int[] {0}), 2, 2, null, null);
    }

    private OperatorHarness harness(JoinType type, TestBackends.Choice backend, Path dir) throws Exception {
        return OperatorHarness.of(join(type), List.of(ORDERS, RATES), backend, dir);
    }

    private static String order(long id, String currency, String time) {
        return "+I[" + id + ", " + currency + ", " + T + time + "]";
    }

    private static String rate(String kind, String currency, int rate, String time) {
        return kind + "[" + currency + ", " + rate + ", " + T + time + "]";
    }

    private static String joined(long id, String currency, String time, Integer rate, String rateTime) {
        return "+I[" + id + ", " + currency + ", " + T + time + ", "
                + (rate == null ? "null, null, null" : currency + ", " + rate + ", " + T + rateTime) + "]";
    }

    @ParameterizedTest
    @MethodSource("backends")
    void eachOrderJoinsTheVersionValidAtItsTimeOnceTheWatermarkPassesIt(TestBackends.Choice backend)
            throws Exception {
        try (OperatorHarness h = harness(JoinType.INNER, backend, tmp)) {
            h.processInput(1, rate("+I", "EUR", 10, "00.000"), rate("+I", "EUR", 12, "05.000"));
            h.processInput(0, order(1, "EUR", "02.000"), order(2, "EUR", "04.000"), order(3, "EUR", "05.000"),
                    order(4, "USD", "03.000"));
            // Out of order: the version from 03 arrives after the orders that need it.
            h.processInput(1, rate("+I", "EUR", 11, "03.000"));
            h.watermark(T + "04.999");
            assertThat(h.outputText()).containsExactlyInAnyOrder(joined(1, "EUR", "02.000", 10, "00.000"),
                    joined(2, "EUR", "04.000", 11, "03.000"));
            h.clearOutput();
            h.watermark(T + "10.000");
            // USD has no version: an inner join drops the order.
            assertThat(h.outputText()).containsExactly(joined(3, "EUR", "05.000", 12, "05.000"));
            assertThat(h.watermarks()).containsExactly(RowText.timestamp(T + "10.000")); // cleared with the output
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aDeleteEndsAVersionUpdatesReplaceItAndALeftJoinPadsOrdersWithoutOne(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(JoinType.LEFT, backend, tmp)) {
            h.processInput(1, rate("+I", "EUR", 10, "00.000"), rate("-D", "EUR", 10, "05.000"),
                    rate("+U", "EUR", 13, "08.000"), rate("+I", "GBP", 7, "01.000"), rate("-U", "GBP", 7, "01.000"),
                    rate("+U", "GBP", 8, "04.000"));
            h.processInput(0, order(1, "EUR", "02.000"), order(2, "EUR", "06.000"), order(3, "EUR", "09.000"),
                    order(4, "USD", "03.000"), order(5, "GBP", "04.500"), order(6, "EUR", "00.000"),
                    order(7, "GBP", "02.000"));
            h.watermark(T + "20.000");
            assertThat(h.outputText()).containsExactlyInAnyOrder(joined(1, "EUR", "02.000", 10, "00.000"),
                    joined(2, "EUR", "06.000", null, null), joined(3, "EUR", "09.000", 13, "08.000"),
                    joined(4, "USD", "03.000", null, null), joined(5, "GBP", "04.500", 8, "04.000"),
                    joined(6, "EUR", "00.000", 10, "00.000"), joined(7, "GBP", "02.000", 7, "01.000"));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void lateOrdersJoinTheVersionsStillKeptAsInFlink(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(JoinType.LEFT, backend, tmp)) {
            h.processInput(1, rate("+I", "EUR", 10, "00.000"), rate("+I", "EUR", 11, "03.000"));
            h.watermark(T + "05.000");
            // the 00.000 version was dropped when the watermark passed 03.000: order 1 finds none
            h.processInput(0, order(1, "EUR", "02.000"), order(2, "EUR", "04.000"), order(3, "EUR", "05.001"));
            assertThat(h.outputText()).isEmpty();
            h.watermark(T + "06.000");
            assertThat(h.outputText()).containsExactlyInAnyOrder(joined(1, "EUR", "02.000", null, null),
                    joined(2, "EUR", "04.000", 11, "03.000"), joined(3, "EUR", "05.001", 11, "03.000"));
            assertThat(h.metrics().lateRowsDropped()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void waitingOrdersVersionsAndTheWatermarkSurviveARestore(TestBackends.Choice backend) throws Exception {
        Path snapshot;
        try (OperatorHarness h = harness(JoinType.LEFT, backend, tmp)) {
            h.processInput(1, rate("+I", "EUR", 10, "00.000"), rate("+I", "EUR", 11, "03.000"));
            h.watermark(T + "02.000");
            h.processInput(0, order(1, "EUR", "02.500"), order(2, "EUR", "03.500"));
            snapshot = h.snapshot();
            assertThat(h.outputText()).isEmpty();
        }
        try (OperatorHarness restored = harness(JoinType.LEFT, backend, tmp.resolve("r")).restore(snapshot)) {
            restored.processInput(0, order(3, "EUR", "01.000")); // behind the restored watermark: late, still joined
            restored.watermark(T + "10.000");
            assertThat(restored.outputText()).containsExactlyInAnyOrder(joined(3, "EUR", "01.000", 10, "00.000"),
                    joined(1, "EUR", "02.500", 10, "00.000"), joined(2, "EUR", "03.500", 11, "03.000"));
        }
    }
}

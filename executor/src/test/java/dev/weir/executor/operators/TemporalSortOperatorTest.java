package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.executor.plan.SortOrder;
import dev.weir.executor.plan.TemporalSortSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TemporalSortOperatorTest {
    private static final String D = "2023-11-14 22:13:";

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    /** ORDER BY ts [, amount DESC] over (user, amount, ts). */
    private static TemporalSortSpec spec(boolean byAmountDesc) {
        return byAmountDesc
                ? new TemporalSortSpec("sort-1", TestPlans.ORDERS, 2,
                        new SortOrder(new int[] {1}, new boolean[] {true}, new boolean[] {false}))
                : new TemporalSortSpec("sort-1", TestPlans.ORDERS, 2, SortOrder.none());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void emitsInTimestampOrderAsTheWatermarkPassesAndDropsLateRows(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(false), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 5, " + D + "22.000]", "+I[bob, 3, " + D + "20.000]", "+I[carol, 7, " + D + "21.000]",
                    "+I[dave, 1, " + D + "20.000]");
            assertThat(h.outputText()).isEmpty();
            h.watermark(D + "21.000");
            assertThat(h.outputText()).containsExactly("+I[bob, 3, " + D + "20.000]", "+I[dave, 1, " + D + "20.000]",
                    "+I[carol, 7, " + D + "21.000]");
            assertThat(h.watermarks()).containsExactly(dev.weir.executor.testing.RowText.timestamp(D + "21.000"));
            h.process("+I[erin, 100, " + D + "21.000]"); // at the watermark: late
            h.process("+I[frank, 100, " + D + "10.000]"); // behind it: late
            h.process("+I[gina, 2, " + D + "21.001]");
            h.watermark(D + "30.000");
            assertThat(h.outputText()).containsExactly("+I[bob, 3, " + D + "20.000]", "+I[dave, 1, " + D + "20.000]",
                    "+I[carol, 7, " + D + "21.000]", "+I[gina, 2, " + D + "21.001]", "+I[alice, 5, " + D + "22.000]");
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(2);
            assertThat(((TemporalSortOperator) h.operator()).pendingTimestamps()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sortsRowsOfOneTimestampByTheFurtherKeysKeepingTiesInArrivalOrder(TestBackends.Choice backend)
            throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(true), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[a, 1, " + D + "20.000]", "+I[b, 9, " + D + "20.000]", "+I[c, 5, " + D + "20.000]",
                    "+I[d, 9, " + D + "20.000]", "+I[e, null, " + D + "20.000]", "+I[f, 100, " + D + "19.000]");
            h.endInput();
            assertThat(h.outputText()).containsExactly("+I[f, 100, " + D + "19.000]", "+I[b, 9, " + D + "20.000]",
                    "+I[d, 9, " + D + "20.000]", "+I[c, 5, " + D + "20.000]", "+I[a, 1, " + D + "20.000]",
                    "+I[e, null, " + D + "20.000]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void buffersAcrossASnapshotAndRestoreWithTheWatermark(TestBackends.Choice backend) throws Exception {
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(spec(false), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[a, 1, " + D + "12.000]", "+I[b, 2, " + D + "10.000]", "+I[c, 3, " + D + "14.000]");
            h.watermark(D + "11.000");
            assertThat(h.outputText()).containsExactly("+I[b, 2, " + D + "10.000]");
            snapshot = h.snapshot();
            h.process("+I[lost, 99, " + D + "13.000]"); // after the snapshot: not in the restored state
        }
        try (OperatorHarness r = OperatorHarness.restore(spec(false), TestPlans.ORDERS, backend, tmp, snapshot)) {
            r.process("+I[late, 50, " + D + "05.000]"); // behind the restored watermark
            r.process("+I[d, 4, " + D + "13.000]");
            r.watermark(D + "20.000");
            assertThat(r.outputText()).containsExactly("+I[a, 1, " + D + "12.000]", "+I[d, 4, " + D + "13.000]",
                    "+I[c, 3, " + D + "14.000]");
            assertThat(r.metrics().lateRowsDropped()).isEqualTo(1);
        }
    }
}

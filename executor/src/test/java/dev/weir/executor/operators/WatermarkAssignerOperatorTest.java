package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.RowText;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatermarkAssignerOperatorTest {
    @TempDir
    Path tmp;

    private OperatorHarness harness() throws Exception {
        return OperatorHarness.of(TestPlans.watermarkSpec(), TestPlans.ORDERS, TestBackends.choices().get(0), tmp);
    }

    @Test
    void emitsWatermarkWheneverItAdvancesAndNeverBackwards() throws Exception {
        try (OperatorHarness h = harness()) {
            h.process("+I[a, 1, 2023-11-14 22:13:20.000]", "+I[b, 2, 2023-11-14 22:13:25.000]",
                    "+I[c, 3, 2023-11-14 22:13:21.000]", "+I[d, 4, 2023-11-14 22:13:25.000]",
                    "+I[e, 5, 2023-11-14 22:13:26.000]");
            assertThat(h.output()).hasSize(5);
            assertThat(h.watermarks()).containsExactly(
                    RowText.timestamp("2023-11-14 22:13:18.000"),
                    RowText.timestamp("2023-11-14 22:13:23.000"),
                    RowText.timestamp("2023-11-14 22:13:24.000"));
        }
    }

    @Test
    void rowWithNullRowtimePassesWithoutWatermark() throws Exception {
        try (OperatorHarness h = harness()) {
            h.process("+I[a, 1, null]");
            assertThat(h.outputText()).containsExactly("+I[a, 1, null]");
            assertThat(h.watermarks()).isEmpty();
        }
    }

    @Test
    void rowPrecedesTheWatermarkItCauses() throws Exception {
        try (OperatorHarness h = harness()) {
            h.process("+I[a, 1, 2023-11-14 22:13:20.000]");
            assertThat(h.output()).hasSize(1);
            assertThat(h.watermarks()).hasSize(1);
        }
    }

    @Test
    void restoredWatermarkIsNotEmittedAgainForOlderRows() throws Exception {
        Path snapshot;
        try (OperatorHarness h = harness()) {
            h.process("+I[a, 1, 2023-11-14 22:13:30.000]");
            snapshot = h.snapshot();
        }
        try (OperatorHarness restored = OperatorHarness.restore(TestPlans.watermarkSpec(), TestPlans.ORDERS,
                TestBackends.choices().get(0), tmp, snapshot)) {
            restored.process("+I[b, 1, 2023-11-14 22:13:29.000]", "+I[c, 1, 2023-11-14 22:13:31.000]");
            assertThat(((WatermarkAssignerOperator) restored.operator()).currentWatermark())
                    .isEqualTo(RowText.timestamp("2023-11-14 22:13:29.000"));
            assertThat(restored.watermarks()).containsExactly(RowText.timestamp("2023-11-14 22:13:29.000"));
        }
    }
}

package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.executor.plan.DeduplicateSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeduplicateOperatorTest {
    private static final String D = "2023-11-14 22:13:";

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private static DeduplicateSpec spec(boolean keepLast) {
        return new DeduplicateSpec("dedup-1", TestPlans.ORDERS, new int[] {0}, 2, keepLast);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void keepFirstReplacesOnlyWithAnEarlierRow(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(false), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 1, " + D + "20.000]", "+I[alice, 2, " + D + "25.000]",
                    "+I[alice, 3, " + D + "20.000]", "+I[bob, 4, " + D + "30.000]", "+I[alice, 5, " + D + "19.000]");
            h.watermark(D + "40.000");
            assertThat(h.outputText()).containsExactly("+I[alice, 1, " + D + "20.000]", "+I[bob, 4, " + D + "30.000]",
                    "-U[alice, 1, " + D + "20.000]", "+U[alice, 5, " + D + "19.000]");
            assertThat(h.watermarks()).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void keepLastReplacesWithTiesAndLaterRowsAcrossARestore(TestBackends.Choice backend) throws Exception {
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(spec(true), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 1, " + D + "20.000]", "+I[alice, 2, " + D + "18.000]");
            assertThat(h.outputText()).containsExactly("+I[alice, 1, " + D + "20.000]");
            snapshot = h.snapshot();
            h.process("+I[alice, 99, " + D + "50.000]");
        }
        try (OperatorHarness r = OperatorHarness.restore(spec(true), TestPlans.ORDERS, backend, tmp, snapshot)) {
            r.process("+I[alice, 3, " + D + "20.000]", "+I[bob, 4, " + D + "10.000]");
            assertThat(r.outputText()).containsExactly("-U[alice, 1, " + D + "20.000]",
                    "+U[alice, 3, " + D + "20.000]", "+I[bob, 4, " + D + "10.000]");
        }
    }
}

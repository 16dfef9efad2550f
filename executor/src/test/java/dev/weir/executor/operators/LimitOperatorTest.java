package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.LimitSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** LIMIT without ORDER BY: the first rows, insert-only, counted across a snapshot and restore. */
class LimitOperatorTest {
    private static final String D = "2023-11-14 22:13:";

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void keepsTheFirstRowsAcrossASnapshotAndRestoreAndThenEmitsNothing(TestBackends.Choice backend)
            throws Exception {
        LimitSpec spec = new LimitSpec("limit-1", TestPlans.ORDERS, 0, 3);
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(spec, TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[a, 1, " + D + "12.000]", "+I[b, 2, " + D + "10.000]");
            assertThat(h.outputText()).containsExactly("+I[a, 1, " + D + "12.000]", "+I[b, 2, " + D + "10.000]");
            snapshot = h.snapshot();
            h.process("+I[lost, 9, " + D + "13.000]");
        }
        try (OperatorHarness r = OperatorHarness.restore(spec, TestPlans.ORDERS, backend, tmp, snapshot)) {
            r.process("+I[c, 3, " + D + "01.000]", "+I[d, 4, " + D + "02.000]", "+I[e, 5, " + D + "03.000]");
            r.endInput();
            assertThat(r.outputText()).containsExactly("+I[c, 3, " + D + "01.000]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anOffsetNumbersTheRowsForTheCalcThatSkipsThem(TestBackends.Choice backend) throws Exception {
        RowType numbered = RowType.builder().add("user", DataType.string()).add("amount", DataType.bigint())
                .add("ts", DataType.timestamp(3)).add("w0$o0", DataType.bigint().notNull()).build();
        try (OperatorHarness h = OperatorHarness.of(new LimitSpec("limit-2", numbered, 1, 2), TestPlans.ORDERS,
                backend, tmp)) {
            h.process("+I[a, 1, " + D + "12.000]", "+I[b, 2, " + D + "10.000]", "+I[c, 3, " + D + "11.000]",
                    "+I[d, 4, " + D + "11.000]");
            assertThat(h.output()).hasSize(3);
            assertThat(h.output()).allMatch(row -> row.kind() == dev.weir.core.RowKind.INSERT);
            assertThat(h.output().get(2).field(3)).isEqualTo(3L);
            assertThat(h.output().get(2).field(0)).isEqualTo("c");
        }
    }
}

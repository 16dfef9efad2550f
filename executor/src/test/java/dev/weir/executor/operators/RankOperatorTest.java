package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.RankSpec;
import dev.weir.executor.plan.SortOrder;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RankOperatorTest {
    private static final String T = "2023-11-14 22:13:20.000";

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private static RankSpec top2(boolean outputRank) {
        RowType out = outputRank ? RowType.builder().add("user", DataType.string()).add("amount", DataType.bigint())
                .add("ts", DataType.timestamp(3)).add("rn", DataType.bigint().notNull()).build() : TestPlans.ORDERS;
        return new RankSpec("rank-1", out, new int[] {0},
                new SortOrder(new int[] {1}, new boolean[] {true}, new boolean[] {false}), 2, outputRank);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void ranksMoveAsLargerValuesArrive(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(top2(true), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 5, " + T + "]", "+I[alice, 3, " + T + "]", "+I[alice, 1, " + T + "]",
                    "+I[alice, 9, " + T + "]", "+I[bob, 2, " + T + "]");
            assertThat(h.outputText()).containsExactly(
                    "+I[alice, 5, " + T + ", 1]",
                    "+I[alice, 3, " + T + ", 2]",
                    "-U[alice, 5, " + T + ", 1]", "+U[alice, 9, " + T + ", 1]",
                    "-U[alice, 3, " + T + ", 2]", "+U[alice, 5, " + T + ", 2]",
                    "+I[bob, 2, " + T + ", 1]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void withoutRankColumnTheDisplacedRowIsDeletedAcrossARestore(TestBackends.Choice backend) throws Exception {
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(top2(false), TestPlans.ORDERS, backend, tmp)) {
            h.process("+I[alice, 5, " + T + "]", "+I[alice, 3, " + T + "]");
            snapshot = h.snapshot();
        }
        try (OperatorHarness r = OperatorHarness.restore(top2(false), TestPlans.ORDERS, backend, tmp, snapshot)) {
            r.process("+I[alice, 3, " + T + "]", "+I[alice, 4, " + T + "]");
            assertThat(r.outputText()).containsExactly("-D[alice, 3, " + T + "]", "+I[alice, 4, " + T + "]");
        }
    }
}

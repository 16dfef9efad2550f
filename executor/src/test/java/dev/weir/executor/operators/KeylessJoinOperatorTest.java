package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.JoinKeys;
import dev.weir.executor.plan.JoinSpec;
import dev.weir.executor.plan.JoinType;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The regular join without key columns, as planned for a scalar subquery or NOT IN's counts: every
 * row under one global key joins the single (updating) row of the other input; on both backends,
 * across a restore.
 */
class KeylessJoinOperatorTest {
    private static final RowType ROWS = RowType.builder().add("k", DataType.bigint()).build();
    private static final RowType COUNTS = RowType.builder().add("c", DataType.bigint()).build();
    private static final RowType OUT = RowType.builder().add("k", DataType.bigint()).add("c", DataType.bigint())
            .build();
    private static final JoinSpec LEFT = new JoinSpec("join", OUT, JoinType.LEFT, 1, JoinKeys.none(), null,
            null);

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyRowFollowsTheSingleRowOfTheOtherInputAcrossARestore(TestBackends.Choice backend) throws Exception {
        assertThat(LEFT.describe()).contains("where=[true]");
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(LEFT, List.of(ROWS, COUNTS), backend, tmp)) {
            h.processInput(0, "+I[1]", "+I[null]");
            h.processInput(1, "+I[2]");
            assertThat(h.outputText()).containsExactly(
                    "+I[1, null]", "+I[null, null]",
                    "-D[1, null]", "+I[1, 2]", "-D[null, null]", "+I[null, 2]");
            snapshot = h.snapshot();
        }
        try (OperatorHarness restored = OperatorHarness.of(LEFT, List.of(ROWS, COUNTS), backend, tmp.resolve("r"))
                .restore(snapshot)) {
            restored.processInput(1, "-U[2]", "+U[3]");
            restored.processInput(0, "+I[4]");
            assertThat(restored.outputText()).containsExactlyInAnyOrder(
                    "-D[1, 2]", "-D[null, 2]", "+I[1, null]", "+I[null, null]",
                    "-D[1, null]", "-D[null, null]", "+I[1, 3]", "+I[null, 3]",
                    "+I[4, 3]");
        }
    }
}

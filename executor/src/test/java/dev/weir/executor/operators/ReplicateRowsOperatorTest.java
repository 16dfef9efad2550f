package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.ReplicateRowsSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicateRowsOperatorTest {
    @TempDir
    Path tmp;

    @Test
    void eachRowComesOutItsCountTimesWithItsChangeKind() throws Exception {
        RowType in = RowType.builder().add("times", DataType.bigint()).add("k", DataType.string()).build();
        RowType out = RowType.builder().add("k", DataType.string()).build();
        try (OperatorHarness h = OperatorHarness.of(new ReplicateRowsSpec("replicate", out), in,
                TestBackends.choices().get(0), tmp)) {
            h.process("+I[2, a]", "-U[2, a]", "+U[1, a]", "+I[0, b]", "+I[null, c]", "-D[-1, d]");
            assertThat(h.outputText()).containsExactly("+I[a]", "+I[a]", "-U[a]", "-U[a]", "+U[a]");
        }
    }
}

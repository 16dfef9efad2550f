package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalcOperatorTest {
    @TempDir
    Path tmp;

    private static final RowType OUT = RowType.builder()
            .add("user", DataType.string())
            .add("doubled", DataType.bigint())
            .build();

    private static CalcSpec doubleBigSpender() {
        return new CalcSpec("calc", OUT,
                List.of(r -> r.field(0), r -> (Long) r.field(1) * 2),
                List.of("user", "amount * 2"),
                r -> r.field(1) == null ? null : (Long) r.field(1) > 10, "amount > 10");
    }

    @Test
    void filtersThenProjects() throws Exception {
        try (OperatorHarness h = OperatorHarness.of(doubleBigSpender(), TestPlans.ORDERS,
                TestBackends.choices().get(0), tmp)) {
            h.process("+I[alice, 11, 2023-11-14 22:13:20.000]", "+I[bob, 10, 2023-11-14 22:13:21.000]",
                    "+I[carol, null, 2023-11-14 22:13:22.000]", "+I[dave, 50, 2023-11-14 22:13:23.000]");
            assertThat(h.outputText()).containsExactly("+I[alice, 22]", "+I[dave, 100]");
        }
    }

    @Test
    void keepsRowKind() throws Exception {
        try (OperatorHarness h = OperatorHarness.of(doubleBigSpender(), TestPlans.ORDERS,
                TestBackends.choices().get(0), tmp)) {
            h.process("-U[alice, 20, 2023-11-14 22:13:20.000]", "+U[alice, 30, 2023-11-14 22:13:20.000]");
            assertThat(h.output()).extracting(Row::kind).containsExactly(RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER);
            assertThat(h.outputText()).containsExactly("-U[alice, 40]", "+U[alice, 60]");
        }
    }

    @Test
    void withoutConditionKeepsEveryRowAndForwardsWatermarks() throws Exception {
        CalcSpec project = new CalcSpec("calc", OUT, List.of(r -> r.field(0), r -> r.field(1)),
                List.of("user", "amount"), null, null);
        try (OperatorHarness h = OperatorHarness.of(project, TestPlans.ORDERS, TestBackends.choices().get(0), tmp)) {
            h.process("+I[alice, null, 2023-11-14 22:13:20.000]").watermark(42);
            assertThat(h.outputText()).containsExactly("+I[alice, null]");
            assertThat(h.watermarks()).containsExactly(42L);
        }
    }
}

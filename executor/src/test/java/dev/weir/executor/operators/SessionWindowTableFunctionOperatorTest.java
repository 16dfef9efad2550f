package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.SessionWindowTableFunctionSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The SESSION table function's rows: released with their session's bounds, merged sessions, late rows, restore. */
class SessionWindowTableFunctionOperatorTest {
    private static final String D = "2023-11-14 22:13:";
    private static final RowType OUT = RowType.builder().add("user", DataType.string())
            .add("amount", DataType.bigint()).add("ts", DataType.timestamp(3))
            .add("window_start", DataType.timestamp(3)).add("window_end", DataType.timestamp(3))
            .add("window_time", DataType.timestamp(3)).build();

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private OperatorHarness harness(TestBackends.Choice backend) throws Exception {
        SessionWindowTableFunctionSpec spec = new SessionWindowTableFunctionSpec("session-tvf", OUT, new int[] {0}, 2,
                4_000, null);
        return OperatorHarness.of(spec, TestPlans.ORDERS, backend, tmp);
    }

    private static String out(String user, int amount, String ts, String start, String end, String time) {
        return "+I[" + user + ", " + amount + ", " + D + ts + ", " + D + start + ", " + D + end + ", " + D + time + "]";
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rowsWaitForTheirSessionToCloseAndSessionsMerge(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(backend)) {
            // alice: [20, 24) and [26, 30), merged by the row at 23 into [20, 30); bob: [21, 25)
            h.process("+I[alice, 1, " + D + "20.000]", "+I[alice, 2, " + D + "26.000]", "+I[bob, 5, " + D + "21.000]");
            h.watermark(D + "22.000");
            h.process("+I[alice, 3, " + D + "23.000]");
            h.watermark(D + "24.999");
            assertThat(h.outputText()).containsExactly(out("bob", 5, "21.000", "21.000", "25.000", "24.999"));
            h.clearOutput().watermark(D + "29.999");
            assertThat(h.outputText()).containsExactly(
                    out("alice", 1, "20.000", "20.000", "30.000", "29.999"),
                    out("alice", 2, "26.000", "20.000", "30.000", "29.999"),
                    out("alice", 3, "23.000", "20.000", "30.000", "29.999"));
            assertThat(((SessionWindowTableFunctionOperator) h.operator()).openSessions()).isZero();
            // a row whose own session [27, 31) would close at 30.999: not late; one at 25 (closes 28.999) is
            h.clearOutput().process("+I[bob, 7, " + D + "25.000]", "+I[bob, 8, " + D + "27.000]");
            assertThat(h.metrics().lateRowsDropped()).isEqualTo(1);
            h.watermark(D + "31.000");
            assertThat(h.outputText()).containsExactly(out("bob", 8, "27.000", "27.000", "31.000", "30.999"));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void openSessionsAndTheWatermarkSurviveARestore(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(backend)) {
            h.process("+I[alice, 1, " + D + "20.000]", "+I[bob, 5, " + D + "21.000]");
            h.watermark(D + "22.000");
            Path snapshot = h.snapshot();
            try (OperatorHarness restored = h.restore(snapshot)) {
                restored.process("+I[alice, 2, " + D + "21.000]", "+I[bob, 6, " + D + "16.500]");
                assertThat(restored.metrics().lateRowsDropped()).as("bob at 16.5 s, apart from his session at 21 s, closes at 20.499").isEqualTo(1);
                restored.watermark(D + "25.000");
                assertThat(restored.outputText()).containsExactly(
                        out("alice", 1, "20.000", "20.000", "25.000", "24.999"),
                        out("alice", 2, "21.000", "20.000", "25.000", "24.999"),
                        out("bob", 5, "21.000", "21.000", "25.000", "24.999"));
            }
        }
    }
}

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

/** The regular join: matches, NULL padding of outer sides, retractions, duplicates, and restore, on both backends. */
class JoinOperatorTest {
    private static final RowType ORDERS = RowType.builder().add("id", DataType.bigint())
            .add("customer", DataType.string()).build();
    private static final RowType CUSTOMERS = RowType.builder().add("cid", DataType.string())
            .add("name", DataType.string()).build();
    private static final RowType OUT = RowType.builder().add("id", DataType.bigint())
            .add("customer", DataType.string()).add("cid", DataType.string()).add("name", DataType.string()).build();

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private static JoinSpec join(JoinType type) {
        return new JoinSpec("join", OUT, type, 2, new JoinKeys(new int[] {1}, new int[] {0}), null, null);
    }

    private OperatorHarness harness(JoinType type, TestBackends.Choice backend) throws Exception {
        return OperatorHarness.of(join(type), List.of(ORDERS, CUSTOMERS), backend, tmp);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void innerJoinMatchesEitherOrderAndRetractsWithItsInput(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(JoinType.INNER, backend)) {
            h.processInput(0, "+I[1, c1]", "+I[2, c2]");
            h.processInput(1, "+I[c1, Alice]");
            h.processInput(0, "+I[3, c1]");
            assertThat(h.outputText()).containsExactly("+I[1, c1, c1, Alice]", "+I[3, c1, c1, Alice]");
            h.clearOutput();
            // The rows one row joins with come out in no particular order.
            h.processInput(1, "-D[c1, Alice]");
            h.processInput(0, "+I[4, c1]");
            assertThat(h.outputText()).containsExactlyInAnyOrder("-D[1, c1, c1, Alice]", "-D[3, c1, c1, Alice]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void leftJoinPadsUntilAMatchArrivesAndAgainWhenTheLastOneGoes(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(JoinType.LEFT, backend)) {
            h.processInput(0, "+I[1, c1]");
            h.processInput(1, "+I[c1, Alice]", "+I[c1, Alicia]");
            h.processInput(1, "-D[c1, Alice]", "-D[c1, Alicia]");
            // Each of these rows joins one row at a time, so the order is defined.
            assertThat(h.outputText()).containsExactly(
                    "+I[1, c1, null, null]",
                    "-D[1, c1, null, null]",
                    "+I[1, c1, c1, Alice]",
                    "+I[1, c1, c1, Alicia]",
                    "-D[1, c1, c1, Alice]",
                    "-D[1, c1, c1, Alicia]",
                    "+I[1, c1, null, null]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void fullJoinPadsBothSidesAndNullKeysMatchNothing(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(JoinType.FULL, backend)) {
            h.processInput(1, "+I[c1, Alice]", "+I[null, Nobody]");
            h.processInput(0, "+I[1, c1]", "+I[1, c1]", "+I[2, null]");
            assertThat(h.outputText()).containsExactly(
                    "+I[null, null, c1, Alice]",
                    "+I[null, null, null, Nobody]",
                    "-D[null, null, c1, Alice]",
                    "+I[1, c1, c1, Alice]",
                    "+I[1, c1, c1, Alice]",
                    "+I[2, null, null, null]");
            h.clearOutput();
            // Duplicates are counted: one copy retracted leaves the other matched.
            h.processInput(0, "-D[1, c1]");
            h.processInput(0, "-D[1, c1]");
            assertThat(h.outputText()).containsExactly(
                    "-D[1, c1, c1, Alice]",
                    "-D[1, c1, c1, Alice]",
                    "+I[null, null, c1, Alice]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void restoredStateKeepsBothInputsAndTheirMatchCounts(TestBackends.Choice backend) throws Exception {
        Path snapshot;
        try (OperatorHarness h = harness(JoinType.LEFT, backend)) {
            h.processInput(0, "+I[1, c1]", "+I[2, c2]");
            h.processInput(1, "+I[c2, Bob]");
            snapshot = h.snapshot();
        }
        try (OperatorHarness restored = OperatorHarness.of(join(JoinType.LEFT), List.of(ORDERS, CUSTOMERS), backend,
                tmp.resolve("r")).restore(snapshot)) {
            restored.processInput(1, "+I[c1, Alice]", "-D[c2, Bob]");
            assertThat(restored.outputText()).containsExactly(
                    "-D[1, c1, null, null]",
                    "+I[1, c1, c1, Alice]",
                    "-D[2, c2, c2, Bob]",
                    "+I[2, c2, null, null]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rowsNotWrittenForTheTtlNoLongerJoinAndLeaveTheState(TestBackends.Choice backend) throws Exception {
        JoinSpec spec = new JoinSpec("join", OUT, JoinType.INNER, 2, new JoinKeys(new int[] {1}, new int[] {0}), null, null, 1_000);
        try (OperatorHarness h = OperatorHarness.of(spec, List.of(ORDERS, CUSTOMERS), backend, tmp)) {
            h.processingTime(10_000).processInput(1, "+I[c1, Alice]", "+I[c2, Carol]");
            h.processingTime(10_500).processInput(0, "+I[1, c1]");
            // Alice was written at 10 s: expired at 11 s, she joins no later order
            h.processingTime(11_200).processInput(0, "+I[2, c1]");
            h.processInput(1, "+I[c1, Bob]");
            // (the rows one row joins with come out in no particular order)
            assertThat(h.outputText()).containsExactlyInAnyOrder("+I[1, c1, c1, Alice]", "+I[1, c1, c1, Bob]",
                    "+I[2, c1, c1, Bob]");
            assertThat(h.outputText().get(0)).isEqualTo("+I[1, c1, c1, Alice]");
            JoinOperator op = (JoinOperator) h.operator();
            assertThat(op.keysWithTtlTimers()).as("c2 (Carol) expired, c1 waits for order 1 at 11.5 s").isEqualTo(1);
            Path snapshot = h.snapshot();
            try (OperatorHarness restored = h.restore(snapshot)) {
                restored.processingTime(11_300).processInput(0, "+I[3, c1]");
                // Bob was written at 11.2 s: expired at 12.2 s
                restored.processingTime(12_300).processInput(0, "+I[4, c1]");
                assertThat(restored.outputText()).containsExactly("+I[3, c1, c1, Bob]");
                // nothing is written after 12.3 s: by 13.4 s every row of c1 has expired, and its timer is gone
                restored.processingTime(13_400).watermark(0);
                assertThat(((JoinOperator) restored.operator()).keysWithTtlTimers()).isZero();
                restored.clearOutput().processInput(1, "+I[c1, Dave]");
                assertThat(restored.outputText()).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRetractedRowIsNotExpiredLaterAndAnUpdatedMatchCountRefreshesTheRow(TestBackends.Choice backend)
            throws Exception {
        JoinSpec spec = new JoinSpec("join", OUT, JoinType.LEFT, 2, new JoinKeys(new int[] {1}, new int[] {0}), null, null, 1_000);
        try (OperatorHarness h = OperatorHarness.of(spec, List.of(ORDERS, CUSTOMERS), backend, tmp)) {
            h.processingTime(10_000).processInput(0, "+I[1, c1]");
            // the order's match count changes at 10.8 s: it is written again and lives until 11.8 s
            h.processingTime(10_800).processInput(1, "+I[c1, Alice]");
            h.processInput(1, "-D[c1, Alice]");
            h.processingTime(11_500).processInput(1, "+I[c1, Bob]");
            assertThat(h.outputText()).containsExactly("+I[1, c1, null, null]", "-D[1, c1, null, null]",
                    "+I[1, c1, c1, Alice]", "-D[1, c1, c1, Alice]", "+I[1, c1, null, null]",
                    "-D[1, c1, null, null]", "+I[1, c1, c1, Bob]");
        }
    }
}

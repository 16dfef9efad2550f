package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.plan.JoinKeys;
import dev.weir.executor.plan.SemiAntiJoinSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The semi and anti join: left rows follow the matches the right input gives and takes back,
 * duplicates counted, NULL keys matching nothing, a residual condition per pair, and restore, on
 * both backends.
 */
class SemiAntiJoinOperatorTest {
    /** Orders (id, customer). */
    private static final RowType ORDERS = RowType.builder().add("id", DataType.bigint())
            .add("customer", DataType.string()).build();
    /** Customers (cid, level). */
    private static final RowType CUSTOMERS = RowType.builder().add("cid", DataType.string())
            .add("level", DataType.bigint()).build();

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private static SemiAntiJoinSpec spec(boolean anti, ScalarExpression condition, String text) {
        return new SemiAntiJoinSpec(anti ? "anti" : "semi", ORDERS, CUSTOMERS, anti, new JoinKeys(new int[] {1}, new int[] {0}),
                condition, text);
    }

    private OperatorHarness harness(SemiAntiJoinSpec spec, TestBackends.Choice backend, String dir)
            throws Exception {
        return OperatorHarness.of(spec, List.of(ORDERS, CUSTOMERS), backend, tmp.resolve(dir));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void semiJoinEmitsALeftRowOnItsFirstMatchAndRetractsItOnItsLast(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(spec(false, null, null), backend, "semi")) {
            h.processInput(0, "+I[1, c1]", "+I[2, c2]", "+I[1, c1]");
            assertThat(h.outputText()).isEmpty();
            // The first match emits both copies of order 1; a second match of the same key emits nothing.
            h.processInput(1, "+I[c1, 10]", "+I[c1, 20]");
            h.processInput(0, "+I[3, c1]");
            assertThat(h.outputText()).containsExactly("+I[1, c1]", "+I[1, c1]", "+I[3, c1]");
            h.clearOutput();
            // Taking one match back leaves the other; taking the last retracts every row it matched.
            h.processInput(1, "-D[c1, 10]");
            assertThat(h.outputText()).isEmpty();
            h.processInput(1, "-D[c1, 20]");
            assertThat(h.outputText()).containsExactlyInAnyOrder("-D[1, c1]", "-D[1, c1]", "-D[3, c1]");
            h.clearOutput();
            // A retracted left row is retracted downstream only while it is matched.
            h.processInput(1, "+U[c2, 5]");
            h.processInput(0, "-D[2, c2]", "-D[1, c1]");
            assertThat(h.outputText()).containsExactly("+U[2, c2]", "-D[2, c2]");
            h.clearOutput();
            // A retraction of a right row never stored changes nothing.
            h.processInput(1, "-D[c9, 1]");
            assertThat(h.outputText()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void antiJoinEmitsUnmatchedRowsAndRetractsThemWhenAMatchArrives(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = harness(spec(true, null, null), backend, "anti")) {
            h.processInput(1, "+I[c2, 1]");
            h.processInput(0, "+I[1, c1]", "+I[2, c2]", "+I[1, c1]");
            assertThat(h.outputText()).containsExactly("+I[1, c1]", "+I[1, c1]");
            h.clearOutput();
            h.processInput(1, "+I[c1, 10]", "+I[c1, 11]");
            assertThat(h.outputText()).containsExactly("-D[1, c1]", "-D[1, c1]");
            h.clearOutput();
            h.processInput(1, "-D[c1, 10]");
            assertThat(h.outputText()).isEmpty();
            h.processInput(1, "-U[c1, 11]", "-D[c2, 1]");
            assertThat(h.outputText()).containsExactly("+I[1, c1]", "+I[1, c1]", "+I[2, c2]");
            h.clearOutput();
            h.processInput(0, "-D[1, c1]");
            assertThat(h.outputText()).containsExactly("-D[1, c1]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void nullKeysMatchNothing(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness semi = harness(spec(false, null, null), backend, "semi");
                OperatorHarness anti = harness(spec(true, null, null), backend, "anti")) {
            for (OperatorHarness h : List.of(semi, anti)) {
                h.processInput(1, "+I[null, 1]");
                h.processInput(0, "+I[1, null]");
                h.processInput(1, "+I[null, 2]", "-D[null, 1]");
                h.processInput(0, "-D[1, null]");
            }
            assertThat(semi.outputText()).isEmpty();
            assertThat(anti.outputText()).containsExactly("+I[1, null]", "-D[1, null]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theResidualConditionDecidesPerPair(TestBackends.Choice backend) throws Exception {
        // Orders match customers of the same id whose level is at least the order id.
        ScalarExpression atLeast = row -> row.field(3) == null ? null
                : (Long) row.field(3) >= (Long) Objects.requireNonNull(row.field(0));
        try (OperatorHarness semi = harness(spec(false, atLeast, "level >= id"), backend, "semi");
                OperatorHarness anti = harness(spec(true, atLeast, "level >= id"), backend, "anti")) {
            for (OperatorHarness h : List.of(semi, anti)) {
                h.processInput(0, "+I[5, c1]", "+I[1, c1]");
                h.processInput(1, "+I[c1, 3]", "+I[c1, null]");
                h.processInput(1, "+I[c1, 7]");
                h.processInput(1, "-D[c1, 3]");
            }
            assertThat(semi.outputText()).containsExactly("+I[1, c1]", "+I[5, c1]");
            assertThat(anti.outputText()).containsExactly("+I[5, c1]", "+I[1, c1]", "-D[1, c1]", "-D[5, c1]");
        }
        assertThat(spec(true, atLeast, "level >= id").describe())
                .isEqualTo("Join(joinType=[LeftAntiJoin], where=[customer = cid AND level >= id], select=[id, customer])");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rowsNotWrittenForTheTtlAreDroppedWithoutARetraction(TestBackends.Choice backend) throws Exception {
        for (boolean anti : new boolean[] {false, true}) {
            SemiAntiJoinSpec spec = new SemiAntiJoinSpec("ttl", ORDERS, CUSTOMERS, anti, new JoinKeys(new int[] {1}, new int[] {0}),
                    null, null, 1_000);
            assertThat(spec.stateDescription()).endsWith("a row is dropped when not written for 1000 ms of "
                    + "processing time (table.exec.state.ttl)");
            try (OperatorHarness h = harness(spec, backend, "ttl-" + anti)) {
                h.processingTime(10_000).processInput(1, "+I[c1, 1]");
                h.processingTime(10_500).processInput(0, "+I[1, c1]");
                // The customer expired at 11 s: order 2 finds no match, and its retraction changes nothing.
                h.processingTime(11_200).processInput(0, "+I[2, c1]");
                h.processingTime(11_300).processInput(1, "-D[c1, 1]");
                assertThat(h.outputText()).as(anti ? "anti" : "semi")
                        .containsExactly(anti ? "+I[2, c1]" : "+I[1, c1]");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void restoredStateKeepsRowsAndMatchCounts(TestBackends.Choice backend) throws Exception {
        for (boolean anti : new boolean[] {false, true}) {
            SemiAntiJoinSpec spec = spec(anti, null, null);
            Path snapshot;
            try (OperatorHarness h = harness(spec, backend, "before-" + anti)) {
                h.processInput(0, "+I[1, c1]", "+I[2, c2]");
                h.processInput(1, "+I[c2, 1]", "+I[c2, 2]", "+I[c3, 1]");
                snapshot = h.snapshot();
            }
            try (OperatorHarness restored = harness(spec, backend, "after-" + anti).restore(snapshot)) {
                restored.processInput(1, "+I[c1, 1]", "-D[c2, 1]");
                restored.processInput(1, "-D[c2, 2]");
                restored.processInput(0, "+I[3, c3]");
                assertThat(restored.outputText()).containsExactly(anti
                        ? new String[] {"-D[1, c1]", "+I[2, c2]"}
                        : new String[] {"+I[1, c1]", "-D[2, c2]", "+I[3, c3]"});
            }
        }
    }
}

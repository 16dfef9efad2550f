package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.RankSpec;
import dev.weir.executor.plan.SortOrder;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RetractableRankOperatorTest {
    private static final RowType INPUT = RowType.builder().add("k", DataType.string()).add("v", DataType.bigint())
            .add("tag", DataType.string()).build();
    private static final RowType RANKED = RowType.builder().add("k", DataType.string()).add("v", DataType.bigint())
            .add("tag", DataType.string()).add("rn", DataType.bigint().notNull()).build();
    /** v DESC NULLS LAST. */
    private static final SortOrder V_DESC = new SortOrder(new int[] {1}, new boolean[] {true}, new boolean[] {false});

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private static RankSpec top(int n, boolean outputRank) {
        return new RankSpec("rank-1", outputRank ? RANKED : INPUT, new int[] {0}, V_DESC, n, outputRank, true);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRetractionFromTheTopIsRefilledFromBelowWithRanksMoved(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(top(2, true), INPUT, backend, tmp)) {
            h.process("+I[a, 5, x]", "+I[a, 3, y]", "+I[a, 1, z]");
            h.clearOutput();
            h.process("-U[a, 5, x]", "+U[a, 2, x]");
            assertThat(h.outputText()).containsExactly(
                    "-U[a, 5, x, 1]", "+U[a, 3, y, 1]",
                    "-U[a, 3, y, 2]", "+U[a, 1, z, 2]",
                    "-U[a, 1, z, 2]", "+U[a, 2, x, 2]");
            h.clearOutput();
            h.process("-D[a, 3, y]", "-D[a, 2, x]", "-D[a, 1, z]", "-D[a, 1, z]");
            assertThat(h.outputText()).containsExactly(
                    "-U[a, 3, y, 1]", "+U[a, 2, x, 1]", "-U[a, 2, x, 2]", "+U[a, 1, z, 2]",
                    "-U[a, 2, x, 1]", "+U[a, 1, z, 1]", "-D[a, 1, z, 2]",
                    "-D[a, 1, z, 1]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void withoutRankColumnOnlyRowsEnteringAndLeavingChangeAcrossARestore(TestBackends.Choice backend)
            throws Exception {
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(top(2, false), INPUT, backend, tmp)) {
            h.process("+I[a, 5, x]", "+I[a, 3, y]", "+I[a, 1, z]");
            assertThat(h.outputText()).containsExactly("+I[a, 5, x]", "+I[a, 3, y]");
            snapshot = h.snapshot();
        }
        try (OperatorHarness r = OperatorHarness.restore(top(2, false), INPUT, backend, tmp, snapshot)) {
            r.process("-U[a, 5, x]", "+U[a, 4, x]", "-D[a, 1, z]", "-D[a, 9, never]");
            assertThat(r.outputText()).containsExactly("-D[a, 5, x]", "+I[a, 1, z]", "-D[a, 1, z]", "+I[a, 4, x]");
        }
    }

    /** Random inserts, updates and deletes (ties, duplicates, NULLs), checked after every change. */
    @ParameterizedTest
    @MethodSource("backends")
    void randomChangesKeepTheMaterialisedTopNEqualToARecomputation(TestBackends.Choice backend) throws Exception {
        for (boolean outputRank : new boolean[] {false, true}) {
            Random random = new Random(outputRank ? 42 : 7);
            RankSpec spec = top(3, outputRank);
            Map<String, List<Row>> inputs = new HashMap<>(); // per key, in arrival order
            List<Row> materialised = new ArrayList<>();
            OperatorHarness h = OperatorHarness.of(spec, INPUT, backend, tmp);
            try {
                for (int step = 0; step < 1500; step++) {
                    if (step == 700) {
                        Path snapshot = h.snapshot();
                        h.close();
                        h = OperatorHarness.restore(spec, INPUT, backend, tmp, snapshot);
                    }
                    String k = "k" + random.nextInt(3);
                    List<Row> rows = inputs.computeIfAbsent(k, x -> new ArrayList<>());
                    Row change;
                    if (rows.isEmpty() || random.nextInt(5) < 3) {
                        Long v = random.nextInt(10) == 0 ? null : (long) random.nextInt(8);
                        change = Row.ofKind(random.nextBoolean() ? RowKind.INSERT : RowKind.UPDATE_AFTER, k, v,
                                "t" + random.nextInt(2));
                        rows.add(change.withKind(RowKind.INSERT));
                    } else {
                        // A retraction takes back the first equal row (as Flink): it decides which of tied rows stay.
                        Row gone = rows.get(random.nextInt(rows.size()));
                        rows.remove(gone);
                        change = gone.withKind(random.nextBoolean() ? RowKind.DELETE : RowKind.UPDATE_BEFORE);
                    }
                    h.clearOutput();
                    h.process(change);
                    for (Row out : h.output()) {
                        Row content = out.withKind(RowKind.INSERT);
                        if (out.kind() == RowKind.INSERT || out.kind() == RowKind.UPDATE_AFTER) {
                            materialised.add(content);
                        } else {
                            assertThat(materialised.remove(content)).as("retracted %s at step %d", out, step)
                                    .isTrue();
                        }
                    }
                    assertThat(sorted(materialised)).as("step %d", step).isEqualTo(sorted(topN(inputs, 3,
                            outputRank)));
                }
            } finally {
                h.close();
            }
        }
    }

    /** The top n of each key: its rows in arrival order, stably sorted by v DESC NULLS LAST. */
    private static List<Row> topN(Map<String, List<Row>> inputs, int n, boolean outputRank) {
        Comparator<Row> order = Comparator.comparing((Row r) -> (Long) r.field(1),
                Comparator.nullsLast(Comparator.<Long>reverseOrder()));
        List<Row> top = new ArrayList<>();
        for (List<Row> rows : inputs.values()) {
            List<Row> sorted = new ArrayList<>(rows);
            sorted.sort(order);
            for (int i = 0; i < Math.min(n, sorted.size()); i++) {
                Row r = sorted.get(i);
                top.add(outputRank ? Row.of(r.field(0), r.field(1), r.field(2), (long) (i + 1)) : r);
            }
        }
        return top;
    }

    private static List<String> sorted(List<Row> rows) {
        List<String> text = new ArrayList<>();
        for (Row r : rows) {
            text.add(r.toString());
        }
        text.sort(null);
        return text;
    }
}

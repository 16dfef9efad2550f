package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.OverAggregateSpec;
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

class NonTimeOverAggregateOperatorTest {
    private static final RowType INPUT = RowType.builder().add("k", DataType.string()).add("v", DataType.bigint())
            .add("w", DataType.bigint()).build();
    /** v ASC NULLS FIRST, Flink's default. */
    private static final SortOrder V_ASC = new SortOrder(new int[] {1}, new boolean[] {false}, new boolean[] {true});

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    /** COUNT(*), SUM(w), MIN(w), MAX(w) OVER (PARTITION BY k ORDER BY v ROWS|RANGE UNBOUNDED PRECEDING). */
    private static OverAggregateSpec spec(boolean rows) {
        RowType out = RowType.builder().add("k", DataType.string()).add("v", DataType.bigint())
                .add("w", DataType.bigint()).add("cnt", DataType.bigint().notNull()).add("total", DataType.bigint())
                .add("lo", DataType.bigint()).add("hi", DataType.bigint()).build();
        return new OverAggregateSpec("over-1", out, new int[] {0}, -1, rows, -1, List.of(
                new AggregateCall(AggregateFunctionKind.COUNT, -1, false, DataType.bigint().notNull(), "cnt"),
                new AggregateCall(AggregateFunctionKind.SUM, 2, false, DataType.bigint(), "total"),
                new AggregateCall(AggregateFunctionKind.MIN, 2, false, DataType.bigint(), "lo"),
                new AggregateCall(AggregateFunctionKind.MAX, 2, false, DataType.bigint(), "hi")), V_ASC);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRowSortingBeforeOthersChangesTheirRangeAggregatesAndPeersSeeEachOther(TestBackends.Choice backend)
            throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(false), INPUT, backend, tmp)) {
            h.process("+I[a, 5, 50]", "+I[b, 1, 7]");
            h.clearOutput();
            h.process("+I[a, 3, 30]");
            assertThat(h.outputText()).containsExactly("-D[a, 5, 50, 1, 50, 50, 50]", "+I[a, 3, 30, 1, 30, 30, 30]",
                    "+I[a, 5, 50, 2, 80, 30, 50]");
            h.clearOutput();
            h.process("+I[a, 3, 10]"); // a peer of v = 3: both rows see it
            assertThat(h.outputText()).containsExactly("-D[a, 3, 30, 1, 30, 30, 30]", "-D[a, 5, 50, 2, 80, 30, 50]",
                    "+I[a, 3, 30, 2, 40, 10, 30]", "+I[a, 3, 10, 2, 40, 10, 30]", "+I[a, 5, 50, 3, 90, 10, 50]");
            h.clearOutput();
            h.process("-U[a, 3, 30]", "-D[a, 9, 9]");
            assertThat(h.outputText()).containsExactly("-D[a, 3, 30, 2, 40, 10, 30]", "-D[a, 3, 10, 2, 40, 10, 30]",
                    "-D[a, 5, 50, 3, 90, 10, 50]", "+I[a, 3, 10, 1, 10, 10, 10]", "+I[a, 5, 50, 2, 60, 10, 50]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rowsFramesCountTiedRowsInArrivalOrderAcrossARestore(TestBackends.Choice backend) throws Exception {
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(spec(true), INPUT, backend, tmp)) {
            h.process("+I[a, 3, 30]", "+I[a, null, 1]");
            assertThat(h.outputText()).containsExactly("+I[a, 3, 30, 1, 30, 30, 30]", "-D[a, 3, 30, 1, 30, 30, 30]",
                    "+I[a, null, 1, 1, 1, 1, 1]", "+I[a, 3, 30, 2, 31, 1, 30]");
            snapshot = h.snapshot();
        }
        try (OperatorHarness r = OperatorHarness.restore(spec(true), INPUT, backend, tmp, snapshot)) {
            r.process("+I[a, 3, null]"); // ties with v = 3 and comes after it
            assertThat(r.outputText()).containsExactly("+I[a, 3, null, 3, 31, 1, 30]");
        }
    }

    /** Random inserts, updates and deletes (ties, duplicates, NULLs), checked after every change. */
    @ParameterizedTest
    @MethodSource("backends")
    void randomChangesKeepTheMaterialisedResultEqualToARecomputation(TestBackends.Choice backend) throws Exception {
        for (boolean rows : new boolean[] {false, true}) {
            Random random = new Random(rows ? 42 : 7);
            OverAggregateSpec spec = spec(rows);
            Map<String, List<Row>> inputs = new HashMap<>(); // per key, in arrival order
            List<Row> materialised = new ArrayList<>();
            OperatorHarness h = OperatorHarness.of(spec, INPUT, backend, tmp);
            try {
                for (int step = 0; step < 1200; step++) {
                    if (step == 600) {
                        Path snapshot = h.snapshot();
                        h.close();
                        h = OperatorHarness.restore(spec, INPUT, backend, tmp,
                                snapshot);
                    }
                    String k = "k" + random.nextInt(3);
                    List<Row> keyRows = inputs.computeIfAbsent(k, x -> new ArrayList<>());
                    Row change;
                    if (keyRows.isEmpty() || random.nextInt(5) < 3) {
                        Long v = random.nextInt(10) == 0 ? null : (long) random.nextInt(6);
                        Long w = random.nextInt(8) == 0 ? null : (long) random.nextInt(20) - 5;
                        change = Row.ofKind(random.nextBoolean() ? RowKind.INSERT : RowKind.UPDATE_AFTER, k, v, w);
                        keyRows.add(change.withKind(RowKind.INSERT));
                    } else {
                        Row gone = keyRows.get(random.nextInt(keyRows.size()));
                        keyRows.remove(gone); // the first equal row
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
                    assertThat(sorted(materialised)).as("step %d (rows=%s)", step, rows)
                            .isEqualTo(sorted(recompute(inputs, rows)));
                }
            } finally {
                h.close();
            }
        }
    }

    /** Each key's rows, stably sorted by v ASC NULLS FIRST, each with the aggregates over its frame. */
    private static List<Row> recompute(Map<String, List<Row>> inputs, boolean rows) {
        Comparator<Row> order = Comparator.comparing((Row r) -> (Long) r.field(1),
                Comparator.nullsFirst(Comparator.<Long>naturalOrder()));
        List<Row> result = new ArrayList<>();
        for (List<Row> keyRows : inputs.values()) {
            List<Row> sorted = new ArrayList<>(keyRows);
            sorted.sort(order);
            for (int i = 0; i < sorted.size(); i++) {
                int end = i + 1; // frame: [0, end)
                if (!rows) {
                    while (end < sorted.size() && order.compare(sorted.get(i), sorted.get(end)) == 0) {
                        end++;
                    }
                }
                long count = 0;
                Long sum = null;
                Long min = null;
                Long max = null;
                for (int j = 0; j < end; j++) {
                    count++;
                    Long w = (Long) sorted.get(j).field(2);
                    if (w != null) {
                        sum = sum == null ? w : sum + w;
                        min = min == null ? w : Math.min(min, w);
                        max = max == null ? w : Math.max(max, w);
                    }
                }
                Row r = sorted.get(i);
                result.add(Row.of(r.field(0), r.field(1), r.field(2), count, sum, min, max));
            }
        }
        return result;
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

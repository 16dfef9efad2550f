package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.RowText;
import dev.weir.executor.testing.TestBackends;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GROUP BY over an updating input: every aggregate takes retracted rows back, an emptied group
 * emits {@code -D} and starts again with {@code +I}, and state survives snapshot/restore, on both
 * backends.
 */
class RetractingGroupAggregateOperatorTest {
    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    /** k, v, big: a key, a nullable value and the BOOLEAN of a FILTER. */
    static final RowType INPUT = RowType.builder().add("k", DataType.string()).add("v", DataType.bigint())
            .add("big", DataType.of(TypeRoot.BOOLEAN)).build();

    private static final DataType BIGINT = DataType.bigint();
    private static final DataType COUNT = DataType.bigint().notNull();

    /**
     * COUNT(*), COUNT(v), SUM(v), MIN(v), MAX(v), AVG(v), COUNT(DISTINCT v), SUM(v) FILTER (WHERE big),
     * SUM(DISTINCT v).
     */
    static GroupAggregateSpec spec(long ttl) {
        RowType out = RowType.builder().add("k", DataType.string()).add("cnt", COUNT).add("nv", COUNT)
                .add("total", BIGINT).add("lo", BIGINT).add("hi", BIGINT).add("avg", BIGINT).add("dv", COUNT)
                .add("big_total", BIGINT).add("dsum", BIGINT).build();
        return new GroupAggregateSpec("g", out, new int[] {0}, List.of(
                new AggregateCall(AggregateFunctionKind.COUNT, -1, false, COUNT, "cnt"),
                new AggregateCall(AggregateFunctionKind.COUNT, 1, false, COUNT, "nv"),
                new AggregateCall(AggregateFunctionKind.SUM, 1, false, BIGINT, "total"),
                new AggregateCall(AggregateFunctionKind.MIN, 1, false, BIGINT, "lo"),
                new AggregateCall(AggregateFunctionKind.MAX, 1, false, BIGINT, "hi"),
                new AggregateCall(AggregateFunctionKind.AVG, 1, false, BIGINT, "avg"),
                new AggregateCall(AggregateFunctionKind.COUNT, 1, true, COUNT, "dv"),
                new AggregateCall(AggregateFunctionKind.SUM, 1, false, BIGINT, "big_total", 2),
                new AggregateCall(AggregateFunctionKind.SUM, 1, true, BIGINT, "dsum")), ttl, true);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyAggregateTakesBackRetractedRows(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(0), INPUT, backend, tmp)) {
            h.process("+I[a, 3, true]", "+I[a, 5, false]", "+I[a, 5, true]", "+I[a, null, true]");
            assertThat(h.outputText()).containsExactly(
                    "+I[a, 1, 1, 3, 3, 3, 3, 1, 3, 3]",
                    "-U[a, 1, 1, 3, 3, 3, 3, 1, 3, 3]",
                    "+U[a, 2, 2, 8, 3, 5, 4, 2, 3, 8]",
                    "-U[a, 2, 2, 8, 3, 5, 4, 2, 3, 8]",
                    "+U[a, 3, 3, 13, 3, 5, 4, 2, 8, 8]",
                    "-U[a, 3, 3, 13, 3, 5, 4, 2, 8, 8]",
                    "+U[a, 4, 3, 13, 3, 5, 4, 2, 8, 8]");
            h.clearOutput();
            // a 5 that did not pass the FILTER: big_total keeps it; MAX and the distinct values keep the other 5
            h.process("-U[a, 5, false]");
            assertThat(h.outputText()).containsExactly(
                    "-U[a, 4, 3, 13, 3, 5, 4, 2, 8, 8]",
                    "+U[a, 3, 2, 8, 3, 5, 4, 2, 8, 8]");
            h.clearOutput();
            // the MIN goes: the next one is found among the key's values
            h.process("-U[a, 3, true]");
            assertThat(h.outputText()).containsExactly(
                    "-U[a, 3, 2, 8, 3, 5, 4, 2, 8, 8]",
                    "+U[a, 2, 1, 5, 5, 5, 5, 1, 5, 5]");
            h.clearOutput();
            // only the NULL is left: SUM, MIN, MAX, AVG of no values are NULL again; COUNT(v) is 0
            h.process("-D[a, 5, true]");
            assertThat(h.outputText()).containsExactly(
                    "-U[a, 2, 1, 5, 5, 5, 5, 1, 5, 5]",
                    "+U[a, 1, 0, null, null, null, null, 0, null, null]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anEmptiedGroupIsDeletedAndStartsAgainWithAnInsert(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(0), INPUT, backend, tmp)) {
            h.process("-D[z, 1, true]"); // nothing to take back: ignored, as in Flink
            assertThat(h.outputText()).isEmpty();
            h.process("+I[a, 9, true]", "+I[b, 1, false]", "-U[a, 9, true]", "+U[a, 2, false]", "-D[a, 2, false]");
            assertThat(h.outputText()).containsExactly(
                    "+I[a, 1, 1, 9, 9, 9, 9, 1, 9, 9]",
                    "+I[b, 1, 1, 1, 1, 1, 1, 1, null, 1]",
                    "-D[a, 1, 1, 9, 9, 9, 9, 1, 9, 9]",
                    "+I[a, 1, 1, 2, 2, 2, 2, 1, null, 2]",
                    "-D[a, 1, 1, 2, 2, 2, 2, 1, null, 2]");
            h.clearOutput();
            // the state went with the group: nothing of 9 or 2 is left over
            h.process("+I[a, 4, true]");
            assertThat(h.outputText()).containsExactly("+I[a, 1, 1, 4, 4, 4, 4, 1, 4, 4]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void minAndMaxChangeOnlyWhenTheLastOccurrenceOfTheExtremeGoes(TestBackends.Choice backend) throws Exception {
        RowType out = RowType.builder().add("k", DataType.string()).add("lo", BIGINT).add("hi", BIGINT)
                .add("dv", COUNT).build();
        GroupAggregateSpec spec = new GroupAggregateSpec("g", out, new int[] {0}, List.of(
                new AggregateCall(AggregateFunctionKind.MIN, 1, false, BIGINT, "lo"),
                new AggregateCall(AggregateFunctionKind.MAX, 1, false, BIGINT, "hi"),
                new AggregateCall(AggregateFunctionKind.COUNT, 1, true, COUNT, "dv")), 0, true);
        try (OperatorHarness h = OperatorHarness.of(spec, INPUT, backend, tmp)) {
            h.process("+I[a, 9, true]", "+I[a, 4, true]", "+I[a, 9, true]", "+I[a, 1, true]", "+I[a, 1, true]");
            h.clearOutput();
            // one 9 and one 1 of two go: unchanged, so nothing is emitted
            h.process("-U[a, 9, true]", "-D[a, 1, true]");
            assertThat(h.outputText()).isEmpty();
            h.process("-D[a, 9, true]");
            assertThat(h.outputText()).containsExactly("-U[a, 1, 9, 3]", "+U[a, 1, 4, 2]");
            h.clearOutput().process("-D[a, 1, true]");
            assertThat(h.outputText()).containsExactly("-U[a, 1, 4, 2]", "+U[a, 4, 4, 1]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aGlobalAggregateOverAnUpdatingInputIsDeletedWhenEmpty(TestBackends.Choice backend) throws Exception {
        RowType out = RowType.builder().add("cnt", COUNT).add("total", BIGINT).build();
        GroupAggregateSpec spec = new GroupAggregateSpec("g", out, new int[0], List.of(
                new AggregateCall(AggregateFunctionKind.COUNT, -1, false, COUNT, "cnt"),
                new AggregateCall(AggregateFunctionKind.SUM, 1, false, BIGINT, "total")), 0, true);
        try (OperatorHarness h = OperatorHarness.of(spec, INPUT, backend, tmp)) {
            h.process("+I[a, 2, true]", "+I[b, 3, true]", "-U[a, 2, true]", "+U[a, 5, true]", "-D[a, 5, true]",
                    "-D[b, 3, true]");
            assertThat(h.outputText()).containsExactly("+I[1, 2]", "-U[1, 2]", "+U[2, 5]", "-U[2, 5]", "+U[1, 3]",
                    "-U[1, 3]", "+U[2, 8]", "-U[2, 8]", "+U[1, 3]", "-D[1, 3]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anEmptiedKeyWithATtlKeepsOneTimerAndExpires(TestBackends.Choice backend) throws Exception {
        try (OperatorHarness h = OperatorHarness.of(spec(1_000), INPUT, backend, tmp)) {
            h.processingTime(10_000).process("+I[a, 1, true]");
            h.processingTime(10_100).process("-D[a, 1, true]");
            h.processingTime(10_200).process("+I[a, 2, true]");
            GroupAggregateOperator op = (GroupAggregateOperator) h.operator();
            assertThat(op.keysWithTtlTimers()).isEqualTo(1);
            assertThat(h.outputText()).containsExactly("+I[a, 1, 1, 1, 1, 1, 1, 1, 1, 1]",
                    "-D[a, 1, 1, 1, 1, 1, 1, 1, 1, 1]", "+I[a, 1, 1, 2, 2, 2, 2, 1, 2, 2]");
            // last updated at 10.2 s: expired at 11.3 s; a retraction then finds nothing and is ignored
            h.clearOutput().processingTime(11_300).watermark(0);
            assertThat(op.keysWithTtlTimers()).isZero();
            h.process("-D[a, 2, true]", "+I[a, 7, false]");
            assertThat(h.outputText()).containsExactly("+I[a, 1, 1, 7, 7, 7, 7, 1, null, 7]");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRandomChangelogMatchesARecomputationAndSurvivesARestore(TestBackends.Choice backend) throws Exception {
        List<Row> input = changelog(4000, 7);
        List<String> uninterrupted;
        try (OperatorHarness h = OperatorHarness.of(spec(0), INPUT, backend, tmp)) {
            for (Row r : input) {
                h.process(r);
            }
            uninterrupted = h.outputText();
        }
        assertThat(uninterrupted).isEqualTo(expected(input));
        List<String> resumed = new ArrayList<>();
        Path snapshot;
        try (OperatorHarness first = OperatorHarness.of(spec(0), INPUT, backend, tmp)) {
            for (Row r : input.subList(0, 2500)) {
                first.process(r);
            }
            snapshot = first.snapshot();
            resumed.addAll(first.outputText());
            for (Row r : input.subList(2500, 3000)) {
                first.process(r); // lost in the "crash", replayed below
            }
        }
        try (OperatorHarness second = OperatorHarness.restore(spec(0), INPUT, backend, tmp, snapshot)) {
            for (Row r : input.subList(2500, input.size())) {
                second.process(r);
            }
            resumed.addAll(second.outputText());
        }
        assertThat(resumed).isEqualTo(uninterrupted);
    }

    /** The multisets are ordinary map state: a heap snapshot restores into RocksDB and back (as rescaling needs). */
    @Test
    void aSnapshotRestoresIntoTheOtherBackend() throws Exception {
        List<TestBackends.Choice> choices = backends();
        assumeTrue(choices.size() == 2, "needs the real hashmap and rocksdb backends");
        List<Row> input = changelog(1500, 3);
        List<String> expected = expected(input);
        for (int from = 0; from < 2; from++) {
            List<String> resumed = new ArrayList<>();
            Path snapshot;
            try (OperatorHarness first = OperatorHarness.of(spec(0), INPUT, choices.get(from), tmp)) {
                for (Row r : input.subList(0, 900)) {
                    first.process(r);
                }
                snapshot = first.snapshot();
                resumed.addAll(first.outputText());
            }
            try (OperatorHarness second = OperatorHarness.restore(spec(0), INPUT, choices.get(1 - from), tmp,
                    snapshot)) {
                for (Row r : input.subList(900, input.size())) {
                    second.process(r);
                }
                resumed.addAll(second.outputText());
            }
            assertThat(resumed).as("from %s to %s", choices.get(from), choices.get(1 - from)).isEqualTo(expected);
        }
    }

    @Test
    void explainNamesTheRetractingFunctionsAndTheirState() {
        GroupAggregateSpec spec = spec(0);
        assertThat(spec.describe()).contains("COUNT_RETRACT(*) AS cnt", "MIN_RETRACT($1) AS lo",
                "COUNT_RETRACT(DISTINCT $1) AS dv", "SUM_RETRACT($1) FILTER $2 AS big_total", "changelog=[I,UB,UA,D]");
        assertThat(spec.stateDescription()).contains("row count", "multiset",
                "rescan the multiset only when it is retracted", "cleared when the row count drops to 0");
        GroupAggregateSpec insertOnly = new GroupAggregateSpec(spec.id(), spec.outputType(), spec.keyIndices(),
                spec.aggregateCalls(), 0);
        assertThat(insertOnly.describe()).doesNotContain("RETRACT").endsWith("changelog=[I,UB,UA])");
        assertThat(insertOnly.stateDescription())
                .isEqualTo("accumulators per (k), kept forever (table.exec.state.ttl = 0)");
    }

    /**
     * Inserts and retractions over 6 keys: new rows (+I), updates of a live row (-U old, +U new)
     * and deletes (-D), values with NULLs and duplicates so that extremes and distinct values come
     * and go; keys are emptied and refilled.
     */
    static List<Row> changelog(int count, long seed) {
        Random random = new Random(seed);
        List<Object[]> live = new ArrayList<>();
        List<Row> out = new ArrayList<>();
        while (out.size() < count) {
            int action = random.nextInt(10);
            if (live.isEmpty() || action < 5) {
                Object[] row = randomRow(random, "k" + random.nextInt(6));
                live.add(row);
                out.add(Row.wrap(RowKind.INSERT, row.clone()));
            } else if (action < 8) {
                Object[] old = live.remove(random.nextInt(live.size()));
                Object[] row = randomRow(random, (String) old[0]);
                live.add(row);
                out.add(Row.wrap(RowKind.UPDATE_BEFORE, old.clone()));
                out.add(Row.wrap(RowKind.UPDATE_AFTER, row.clone()));
            } else {
                Object[] old = live.remove(random.nextInt(live.size()));
                out.add(Row.wrap(RowKind.DELETE, old.clone()));
            }
        }
        return out;
    }

    private static Object[] randomRow(Random random, String key) {
        Long v = random.nextInt(8) == 0 ? null : (long) random.nextInt(12) - 3;
        return new Object[] {key, v, random.nextBoolean()};
    }

    /** What a GROUP BY over {@code input} must emit, recomputed from each key's live rows after every change. */
    static List<String> expected(List<Row> input) {
        Map<String, List<Row>> rows = new HashMap<>();
        Map<String, String> last = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Row r : input) {
            String k = (String) r.field(0);
            List<Row> live = rows.computeIfAbsent(k, x -> new ArrayList<>());
            if (r.kind().isAccumulate()) {
                live.add(r);
            } else {
                for (int i = 0; i < live.size(); i++) {
                    if (sameFields(live.get(i), r)) {
                        live.remove(i);
                        break;
                    }
                }
            }
            String now = live.isEmpty() ? null : result(k, live);
            String before = now == null ? last.remove(k) : last.put(k, now);
            if (before == null && now != null) {
                out.add("+I[" + now);
            } else if (before != null && now == null) {
                out.add("-D[" + before);
            } else if (before != null && !before.equals(now)) {
                out.add("-U[" + before);
                out.add("+U[" + now);
            }
        }
        return out;
    }

    private static boolean sameFields(Row a, Row b) {
        for (int i = 0; i < a.arity(); i++) {
            if (!Objects.equals(a.field(i), b.field(i))) {
                return false;
            }
        }
        return true;
    }

    private static String result(String k, List<Row> live) {
        long nv = 0;
        Long sum = null;
        Long lo = null;
        Long hi = null;
        Long big = null;
        Set<Long> distinct = new HashSet<>();
        for (Row r : live) {
            Long v = (Long) r.field(1);
            if (v == null) {
                continue;
            }
            nv++;
            sum = sum == null ? v : sum + v;
            lo = lo == null ? v : Math.min(lo, v);
            hi = hi == null ? v : Math.max(hi, v);
            if (r.field(2) == Boolean.TRUE) {
                big = big == null ? v : big + v;
            }
            distinct.add(v);
        }
        Long dsum = null;
        for (Long v : distinct) {
            dsum = dsum == null ? v : dsum + v;
        }
        return k + ", " + live.size() + ", " + nv + ", " + sum + ", " + lo + ", " + hi + ", "
                + (sum == null ? null : sum / nv) + ", " + distinct.size() + ", " + big + ", " + dsum + "]";
    }
}

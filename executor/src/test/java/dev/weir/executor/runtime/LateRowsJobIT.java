package dev.weir.executor.runtime;

import static dev.weir.executor.runtime.MultiSinkJobIT.bigAmounts;
import static dev.weir.executor.runtime.MultiSinkJobIT.config;
import static dev.weir.executor.runtime.MultiSinkJobIT.run;
import static dev.weir.executor.runtime.MultiSinkJobIT.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.RowType;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.plan.LateRowsSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.testing.DagPlans;
import dev.weir.executor.testing.GroupPlans;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import dev.weir.executor.testing.ValuesRegistry;
import dev.weir.executor.testing.WindowReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A window operator's late rows as a side output ({@code LateRowsSpec}): exactly the rows the window
 * counts as late, unchanged; the window's own results as without it; exactly once across a restore.
 */
class LateRowsJobIT {
    private static final int ROWS = 4000;
    private static final long LATENESS = 25_000;
    private static final Map<String, String> THROTTLED = Map.of("throttle", "true", "rows-per-poll", "2");

    @TempDir
    Path tmp;

    static Stream<Arguments> backendsAndLateness() {
        List<Arguments> args = new ArrayList<>();
        for (TestBackends.Choice backend : TestBackends.choices()) {
            args.add(Arguments.of(backend, 0L));
            args.add(Arguments.of(backend, LATENESS));
        }
        return args.stream();
    }

    static Stream<Arguments> windowsAndLateness() {
        List<Arguments> args = new ArrayList<>();
        // the rows 30 s behind: a lateness that keeps some of them within it and leaves others beyond
        args.add(Arguments.of("SESSION", 0L));
        args.add(Arguments.of("SESSION", 24_000L));
        args.add(Arguments.of("HOP", 0L));
        args.add(Arguments.of("HOP", 20_000L));
        return args.stream();
    }

    static Stream<Arguments> parallelism() {
        return Stream.of(Arguments.of(1), Arguments.of(2));
    }

    private static OperatorSpec window(String kind, long lateness) {
        return switch (kind) {
            case "TUMBLE" -> TestPlans.windowSpec().withAllowedLateness(lateness);
            case "SESSION" -> DagPlans.session(lateness);
            case "HOP" -> DagPlans.hop(lateness);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0}, allowed lateness {1} ms")
    @MethodSource("backendsAndLateness")
    void tumbleLateRowsAreExactlyTheRowsItDropsAsLate(TestBackends.Choice backend, long lateness) throws Exception {
        List<Row> input = TestPlans.orders(ROWS, 41);
        String data = ValuesRegistry.register(input);
        String results = ValuesRegistry.newSinkId();
        String late = ValuesRegistry.newSinkId();
        String alone = ValuesRegistry.newSinkId();
        OperatorSpec window = window("TUMBLE", lateness);
        Configuration config = config(tmp, backend, 1);

        JobResult result = run(DagPlans.withLateRows("late", data, window, results, late, null, Map.of()), config,
                backend);
        run(DagPlans.windowAlone("alone", data, window, alone), config, backend);

        List<Row> expectedLate = DagPlans.tumbleLateRows(input, lateness);
        assertThat(expectedLate).isNotEmpty();
        assertThat(DagPlans.ordersText(ValuesRegistry.committed(late))).isEqualTo(DagPlans.ordersText(expectedLate));
        assertThat(result.lateRowsDropped()).isEqualTo(expectedLate.size());
        assertThat(result.metrics().rowsWrittenPerSink()).containsEntry("sink-late", (long) expectedLate.size());
        OperatorStats lateRows = result.metrics().operators().get(5);
        assertThat(lateRows.operatorId()).isEqualTo("late-rows-1");
        assertThat(lateRows.rowsIn()).isEqualTo(lateRows.rowsOut()).isEqualTo(expectedLate.size());
        // the window's own results are untouched by reading its late rows (a changelog with lateness)
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(results)))
                .isEqualTo(WindowReference.sortedText(ValuesRegistry.committed(alone)));
        if (lateness == 0) {
            assertThat(WindowReference.sortedText(ValuesRegistry.committed(results)))
                    .isEqualTo(WindowReference.expected(input));
        }
    }

    @ParameterizedTest(name = "{0}, allowed lateness {1} ms")
    @MethodSource("windowsAndLateness")
    void sessionAndHopLateRowsAreTheRowsTheyCountAsLate(String kind, long lateness) throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        List<Row> input = TestPlans.orders(ROWS, 42);
        String data = ValuesRegistry.register(input);
        String results = ValuesRegistry.newSinkId();
        String late = ValuesRegistry.newSinkId();
        String alone = ValuesRegistry.newSinkId();
        OperatorSpec window = window(kind, lateness);
        Configuration config = config(tmp, backend, 1);
        RowType out = window.outputType();

        JobResult result = run(DagPlans.withLateRows("late-" + kind, data, window, results, late, null, Map.of()),
                config, backend);
        run(DagPlans.windowAlone("alone-" + kind, data, window, alone), config, backend);

        List<Row> lateRows = ValuesRegistry.committed(late);
        assertThat(lateRows).isNotEmpty().hasSize((int) result.lateRowsDropped());
        List<Row> accepted = DagPlans.without(DagPlans.filtered(input), lateRows); // fails unless input rows
        assertThat(DagPlans.sortedText(ValuesRegistry.committed(results), out))
                .isEqualTo(DagPlans.sortedText(ValuesRegistry.committed(alone), out));
        if (lateness == 0) {
            // what the window kept is exactly the rest: the same windows over the rest in time order (none late)
            String rest = ValuesRegistry.newSinkId();
            run(DagPlans.windowAlone("rest-" + kind, ValuesRegistry.register(accepted), window, rest), config,
                    backend);
            assertThat(DagPlans.sortedText(ValuesRegistry.committed(results), out))
                    .isEqualTo(DagPlans.sortedText(ValuesRegistry.committed(rest), out));
        } else {
            // with allowed lateness fewer rows are late: only those beyond it
            String noLateness = ValuesRegistry.newSinkId();
            run(DagPlans.withLateRows("late0-" + kind, data, window(kind, 0), ValuesRegistry.newSinkId(), noLateness,
                    null, Map.of()), config, backend);
            assertThat(lateRows).hasSizeLessThan(ValuesRegistry.committed(noLateness).size());
        }
    }

    @Test
    void aWindowReadOnlyForItsLateRows() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        List<Row> input = TestPlans.orders(ROWS, 45);
        String late = ValuesRegistry.newSinkId();
        List<OperatorSpec> ops = List.of(DagPlans.source(ValuesRegistry.register(input), Map.of()),
                TestPlans.filterSpec(), TestPlans.watermarkSpec(), TestPlans.windowSpec(),
                new LateRowsSpec("late-rows-1", TestPlans.ORDERS), DagPlans.sink("sink-late", TestPlans.ORDERS, late));

        JobResult result = run(new PhysicalPlan("late-only", ops), config(tmp, backend, 1), backend);

        assertThat(DagPlans.ordersText(ValuesRegistry.committed(late)))
                .isEqualTo(DagPlans.ordersText(DagPlans.tumbleLateRows(input, 0)));
        assertThat(result.rowsWritten()).isEqualTo(result.lateRowsDropped()).isPositive();
    }

    @Test
    void lateRowsFeedAKeyedOperatorInAnotherStageAtParallelismTwo() throws Exception {
        // window → late rows (chained behind it) → exchange → GROUP BY user → sink
        TestBackends.Choice backend = TestBackends.choices().get(0);
        List<Row> input = TestPlans.orders(ROWS, 44);
        String counts = ValuesRegistry.newSinkId();
        String results = ValuesRegistry.newSinkId();
        List<OperatorSpec> ops = List.of(DagPlans.source(ValuesRegistry.register(input), Map.of()),
                TestPlans.filterSpec(), TestPlans.watermarkSpec(), TestPlans.windowSpec(),
                DagPlans.sink("sink-windows", TestPlans.WINDOW_OUTPUT, results),
                new LateRowsSpec("late-rows-1", TestPlans.ORDERS),
                GroupPlans.spec(0),
                DagPlans.sink("sink-late-counts", GroupPlans.OUTPUT, counts));
        PhysicalPlan plan = new PhysicalPlan("late-keyed", ops,
                List.of(List.of(), List.of(0), List.of(1), List.of(2), List.of(3), List.of(3), List.of(5),
                        List.of(6)));

        JobResult result = run(plan, config(tmp, backend, 2), backend);

        assertThat(result.lateRowsDropped()).isPositive();
        // the last count per user, summed, is the number of late rows
        Map<Object, Long> lastCount = new HashMap<>();
        for (Row r : ValuesRegistry.committed(counts)) {
            if (r.kind() == RowKind.INSERT || r.kind() == RowKind.UPDATE_AFTER) {
                lastCount.put(r.field(0), (Long) r.field(1));
            }
        }
        assertThat(lastCount.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(result.lateRowsDropped());
        assertThat(result.metrics().operators().get(5).rowsOut()).isEqualTo(result.lateRowsDropped());
    }

    @ParameterizedTest(name = "parallelism {0}")
    @MethodSource("parallelism")
    void lateRowsAndFannedOutSinksAreExactlyOnceAcrossARestore(int parallelism) throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(TestBackends.choices().size() - 1);
        List<Row> input = TestPlans.orders(ROWS, 43);
        String data = ValuesRegistry.register(input);
        String results = ValuesRegistry.newSinkId();
        String late = ValuesRegistry.newSinkId();
        String big = ValuesRegistry.newSinkId();
        String job = "late-restore-p" + parallelism;
        OperatorSpec window = window("TUMBLE", 0);
        Configuration config = config(tmp, backend, parallelism);

        JobHandle first = LocalJob.submit(DagPlans.withLateRows(job, data, window, results, late, big, THROTTLED),
                config, backend.factory());
        waitUntil(first, () -> first.metrics().completedCheckpoints() >= 3 && first.metrics().lateRowsDropped() > 0);
        first.cancel();
        JobResult cancelled = first.await();
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.rowsRead()).isBetween(1L, (long) ROWS - 1);

        JobResult resumed = run(DagPlans.withLateRows(job, data, window, results, late, big, Map.of()), config,
                backend);

        assertThat(resumed.restoredFrom()).contains("chk-");
        assertThat(resumed.rowsRead()).isLessThan(ROWS);
        List<Row> lateRows = ValuesRegistry.committed(late);
        assertThat(lateRows).isNotEmpty();
        if (parallelism == 1) {
            // one thread: which rows are late is fixed by the input order, restore or not
            assertThat(DagPlans.ordersText(lateRows)).isEqualTo(DagPlans.ordersText(DagPlans.tumbleLateRows(input, 0)));
            assertThat(WindowReference.sortedText(ValuesRegistry.committed(results)))
                    .isEqualTo(WindowReference.expected(input));
        } else {
            // two source subtasks interleave differently, but every row is either late (once) or in a window (once)
            List<Row> accepted = DagPlans.without(DagPlans.filtered(input), lateRows);
            assertThat(WindowReference.sortedText(ValuesRegistry.committed(results)))
                    .isEqualTo(WindowReference.expected(accepted));
        }
        assertThat(DagPlans.ordersText(ValuesRegistry.committed(big))).isEqualTo(bigAmounts(input));
        assertThat(tmp.resolve("checkpoints").resolve(CheckpointStorage.fileSafe(job))).doesNotExist();
    }
}

package dev.weir.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weir.core.Row;
import dev.weir.core.config.Configuration;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.executor.testing.DagPlans;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import dev.weir.executor.testing.ValuesRegistry;
import dev.weir.executor.testing.WindowReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Plans with several sinks: one source fanned out, each sink's output as if its query ran alone. */
class MultiSinkJobIT {
    private static final int ROWS = 4000;

    @TempDir
    Path tmp;

    static Stream<Arguments> backendsAndParallelism() {
        List<Arguments> args = new ArrayList<>();
        for (TestBackends.Choice backend : TestBackends.choices()) {
            args.add(Arguments.of(backend, 1));
            args.add(Arguments.of(backend, 2));
        }
        return args.stream();
    }

    static Configuration config(Path tmp, TestBackends.Choice backend, int parallelism) {
        return Configuration.empty()
                .with("parallelism.default", Integer.toString(parallelism))
                .with("execution.checkpointing.interval", "50 ms")
                .with("state.checkpoints.dir", tmp.resolve("checkpoints").toString())
                .with("state.backend.type", backend.type().name().toLowerCase(Locale.ROOT))
                .with("io.tmp.dirs", tmp.resolve("work").toString());
    }

    static JobResult run(PhysicalPlan plan, Configuration config, TestBackends.Choice backend) throws Exception {
        JobResult result = LocalJob.submit(plan, config, backend.factory()).await();
        assertThat(result.status()).as("job %s failed: %s", plan.jobName(), result.failureCause())
                .isEqualTo(JobStatus.FINISHED);
        return result;
    }

    /** The rows of {@link DagPlans#bigAmounts} behind the filter. */
    static List<String> bigAmounts(List<Row> input) {
        List<Row> big = new ArrayList<>();
        for (Row r : input) {
            if (r.field(1) != null && (Long) r.field(1) >= 50) {
                big.add(r);
            }
        }
        return DagPlans.ordersText(big);
    }

    @ParameterizedTest(name = "{0}, parallelism {1}")
    @MethodSource("backendsAndParallelism")
    void oneSourceFannedOutToTwoSinksEqualsTwoSeparateRuns(TestBackends.Choice backend, int parallelism)
            throws Exception {
        List<Row> input = TestPlans.sortedOrders(ROWS, 31);
        String data = ValuesRegistry.register(input);
        String windows = ValuesRegistry.newSinkId();
        String big = ValuesRegistry.newSinkId();
        String windowsAlone = ValuesRegistry.newSinkId();
        String bigAlone = ValuesRegistry.newSinkId();
        Configuration config = config(tmp, backend, parallelism);

        JobResult both = run(DagPlans.fanOut("fan-out", data, windows, big, Map.of()), config, backend);
        run(TestPlans.windowPlan("windows-alone", data, windowsAlone, Map.of()), config, backend);
        run(DagPlans.bigAmountsAlone("big-alone", data, bigAlone), config, backend);

        List<String> windowRows = WindowReference.sortedText(ValuesRegistry.committed(windows));
        List<String> bigRows = DagPlans.ordersText(ValuesRegistry.committed(big));
        assertThat(windowRows).isEqualTo(WindowReference.sortedText(ValuesRegistry.committed(windowsAlone)))
                .isEqualTo(WindowReference.expected(input));
        assertThat(bigRows).isEqualTo(DagPlans.ordersText(ValuesRegistry.committed(bigAlone)))
                .isEqualTo(bigAmounts(input));
        assertThat(both.rowsRead()).as("the source is read once").isEqualTo(ROWS);
        assertThat(both.rowsWritten()).isEqualTo(windowRows.size() + bigRows.size());
        assertThat(both.metrics().rowsWrittenPerSink()).containsExactly(
                Map.entry("sink-windows", (long) windowRows.size()), Map.entry("sink-big", (long) bigRows.size()));
        // the watermark assigner feeds two operators: each of its rows is counted once as its output
        OperatorStats watermark = both.metrics().operators().get(2);
        assertThat(watermark.rowsOut()).isEqualTo(DagPlans.filtered(input).size());
        assertThat(tmp.resolve("checkpoints").resolve("fan-out")).doesNotExist();
    }

    @Test
    void oneOperatorFeedingTwoKeyedStagesAndAChainedSinkAtParallelismTwo() throws Exception {
        // the watermark assigner's stage feeds two window stages (an exchange each) and a sink chained in it
        TestBackends.Choice backend = TestBackends.choices().get(0);
        List<Row> input = TestPlans.sortedOrders(ROWS, 32);
        String first = ValuesRegistry.newSinkId();
        String second = ValuesRegistry.newSinkId();
        String all = ValuesRegistry.newSinkId();
        OperatorSpec secondWindow = new WindowAggregateSpec("window-agg-2",
                TestPlans.WINDOW_OUTPUT, new int[] {0}, 2, TestPlans.WINDOW_MILLIS, 0,
                TestPlans.windowSpec().aggregateCalls());
        List<OperatorSpec> ops = List.of(DagPlans.source(ValuesRegistry.register(input), Map.of()),
                TestPlans.filterSpec(), TestPlans.watermarkSpec(), TestPlans.windowSpec(),
                DagPlans.sink("sink-1", TestPlans.WINDOW_OUTPUT, first), secondWindow,
                DagPlans.sink("sink-2", TestPlans.WINDOW_OUTPUT, second),
                DagPlans.sink("sink-all", TestPlans.ORDERS, all));
        PhysicalPlan plan = new PhysicalPlan("two-stages", ops, List.of(List.of(), List.of(0), List.of(1),
                List.of(2), List.of(3), List.of(2), List.of(5), List.of(2)));

        JobResult result = run(plan, config(tmp, backend, 2), backend);

        List<String> expected = WindowReference.expected(input);
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(first))).isEqualTo(expected);
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(second))).isEqualTo(expected);
        assertThat(DagPlans.ordersText(ValuesRegistry.committed(all)))
                .isEqualTo(DagPlans.ordersText(DagPlans.filtered(input)));
        assertThat(result.rowsWritten()).isEqualTo(2L * expected.size() + DagPlans.filtered(input).size());
    }

    /** Waits for a condition of a running job, failing if the job ends first or 30 s pass. */
    static void waitUntil(JobHandle handle, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            var ended = handle.await(5, TimeUnit.MILLISECONDS);
            if (ended.isPresent()) {
                fail("job ended before the condition held: " + ended.get());
            }
            if (System.nanoTime() > deadline) {
                fail("condition not reached within 30 s; metrics: " + handle.metrics());
            }
        }
    }
}

package dev.weir.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weir.core.Row;
import dev.weir.core.config.Configuration;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.testing.GroupPlans;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Jobs at parallelism.default = 2: hash exchanges, watermark minimum, aligned checkpoints, resume. */
class ParallelJobIT {
    private static final int ROWS = 6000;
    private static final Map<String, String> THROTTLED = Map.of("throttle", "true", "rows-per-poll", "2");

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private Configuration config(TestBackends.Choice backend, int parallelism) {
        return Configuration.empty()
                .with("parallelism.default", Integer.toString(parallelism))
                .with("execution.checkpointing.interval", "50 ms")
                .with("state.checkpoints.dir", tmp.resolve("checkpoints").toString())
                .with("state.backend.type", backend.type().name().toLowerCase(Locale.ROOT))
                .with("io.tmp.dirs", tmp.resolve("work").toString());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void windowAggregateAtParallelismTwoEqualsParallelismOne(TestBackends.Choice backend) throws Exception {
        List<Row> input = TestPlans.sortedOrders(ROWS, 11);
        String data = ValuesRegistry.register(input);
        String sink1 = ValuesRegistry.newSinkId();
        String sink2 = ValuesRegistry.newSinkId();

        JobResult one = LocalJob.submit(TestPlans.windowPlan("w-p1", data, sink1, Map.of()), config(backend, 1),
                backend.factory()).await();
        JobResult two = LocalJob.submit(TestPlans.windowPlan("w-p2", data, sink2, Map.of()), config(backend, 2),
                backend.factory()).await();

        assertThat(two.status()).as("failure: %s", two.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(one.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(two.rowsRead()).isEqualTo(ROWS);
        assertThat(two.lateRowsDropped()).isZero();
        List<String> expected = WindowReference.expected(input);
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink1))).isEqualTo(expected);
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink2))).isEqualTo(expected);
        assertThat(two.rowsWritten()).isEqualTo(expected.size());
        assertThat(tmp.resolve("checkpoints").resolve("w-p2")).doesNotExist();
    }

    @Test
    void groupAggregateAtParallelismTwoEndsInTheSameResultPerKey() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        List<Row> input = TestPlans.orders(ROWS, 12);
        String sink = ValuesRegistry.newSinkId();
        JobResult result = LocalJob.submit(GroupPlans.plan("g-p2", ValuesRegistry.register(input), sink, Map.of()),
                config(backend, 2), backend.factory()).await();

        assertThat(result.status()).as("failure: %s", result.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(finalRows(GroupPlans.text(ValuesRegistry.committed(sink))))
                .isEqualTo(finalRows(GroupPlans.expected(input)));
    }

    /** Applies a changelog: the rows left at the end, sorted. */
    private static List<String> finalRows(List<String> changelog) {
        List<String> rows = new ArrayList<>();
        for (String change : changelog) {
            String body = change.substring(3);
            if (change.startsWith("+I") || change.startsWith("+U")) {
                rows.add(body);
            } else {
                assertThat(rows.remove(body)).as("retracted row %s was there", change).isTrue();
            }
        }
        rows.sort(null);
        return rows;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void cancelAndResumeAtParallelismTwoEqualsAnUninterruptedRun(TestBackends.Choice backend) throws Exception {
        List<Row> input = TestPlans.sortedOrders(ROWS, 13);
        String data = ValuesRegistry.register(input);
        String sink = ValuesRegistry.newSinkId();
        String job = "p2-resume-" + backend.name();

        JobHandle first = LocalJob.submit(TestPlans.windowPlan(job, data, sink, THROTTLED), config(backend, 2),
                backend.factory());
        waitUntil(first, () -> first.metrics().completedCheckpoints() >= 3);
        first.cancel();
        JobResult cancelled = first.await();
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.rowsRead()).isBetween(1L, (long) ROWS - 1);

        JobResult resumed = LocalJob.submit(TestPlans.windowPlan(job, data, sink, Map.of()), config(backend, 2),
                backend.factory()).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).contains("chk-");
        assertThat(resumed.rowsRead()).isLessThan(ROWS);
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink)))
                .isEqualTo(WindowReference.expected(input));
        assertThat(tmp.resolve("checkpoints").resolve(CheckpointStorage.fileSafe(job))).doesNotExist();
    }

    @Test
    void resumingAtAnotherParallelismFailsNamingAConnectorThatCannotRedistribute() throws Exception {
        // the test connector 'values' keeps the default ConnectorFactory.rescaledPosition, which refuses
        TestBackends.Choice backend = TestBackends.choices().get(0);
        List<Row> input = TestPlans.sortedOrders(ROWS, 14);
        String data = ValuesRegistry.register(input);
        String sink = ValuesRegistry.newSinkId();
        JobHandle first = LocalJob.submit(TestPlans.windowPlan("rescale", data, sink, THROTTLED), config(backend, 2),
                backend.factory());
        waitUntil(first, () -> first.metrics().completedCheckpoints() >= 1);
        first.cancel();
        first.await();

        JobResult at3 = LocalJob.submit(TestPlans.windowPlan("rescale", data, sink, Map.of()), config(backend, 3),
                backend.factory()).await();
        JobResult at1 = LocalJob.submit(TestPlans.windowPlan("rescale", data, sink, Map.of()), config(backend, 1),
                backend.factory()).await();

        assertThat(at3.status()).isEqualTo(JobStatus.FAILED);
        assertThat(at3.failureCause()).hasMessageContaining("connector 'values' cannot resume at another parallelism")
                .hasMessageContaining("read positions of 2 subtasks")
                .hasMessageContaining("redistribute over 3")
                .hasMessageContaining("Resume it at parallelism 2 ('parallelism.default' = '2', or the table's");
        assertThat(at1.status()).isEqualTo(JobStatus.FAILED);
        assertThat(at1.failureCause()).hasMessageContaining("connector 'values' cannot resume at another parallelism")
                .hasMessageContaining("redistribute over 1");
    }

    @Test
    void slowSourceSubtaskHoldsTheWatermarkBackSoNoRowIsLate() throws Exception {
        // Subtask 0 reads everything fast; subtask 1 is throttled and lags. The window operator takes the minimum
        // of both watermarks, so subtask 1's rows are never behind it.
        TestBackends.Choice backend = TestBackends.choices().get(0);
        List<Row> input = TestPlans.sortedOrders(3000, 15);
        String sink = ValuesRegistry.newSinkId();
        JobResult result = LocalJob.submit(TestPlans.windowPlan("wm-min", ValuesRegistry.register(input), sink,
                Map.of("throttle", "true", "rows-per-poll", "5")), config(backend, 2), backend.factory()).await();

        assertThat(result.status()).as("failure: %s", result.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(result.lateRowsDropped()).isZero();
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink)))
                .isEqualTo(WindowReference.expected(input));
    }

    @Test
    void anIdleSourceSubtaskStopsHoldingTheWatermarkAfterTheIdleTimeout() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        List<Row> input = TestPlans.sortedOrders(2000, 16);
        // subtask 0 keeps producing for longer than the idle timeout; subtask 1 has nothing at all
        Map<String, String> onlySubtask0 = Map.of("only-subtask", "0", "hold-open", "true", "throttle", "true",
                "rows-per-poll", "2");

        String heldSink = ValuesRegistry.newSinkId();
        JobHandle held = LocalJob.submit(TestPlans.windowPlan("idle-off", ValuesRegistry.register(input), heldSink,
                onlySubtask0), config(backend, 2), backend.factory());
        waitUntil(held, () -> held.metrics().rowsRead() == input.size() && held.metrics().completedCheckpoints() >= 3);
        held.cancel();
        held.await();
        assertThat(ValuesRegistry.committed(heldSink)).as("subtask 1 never sent a watermark").isEmpty();

        String sink = ValuesRegistry.newSinkId();
        JobHandle idle = LocalJob.submit(TestPlans.windowPlan("idle-on", ValuesRegistry.register(input), sink,
                onlySubtask0), config(backend, 2).with("table.exec.source.idle-timeout", "100 ms"),
                backend.factory());
        waitUntil(idle, () -> !ValuesRegistry.committed(sink).isEmpty());
        idle.cancel();
        assertThat(idle.await().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(WindowReference.expected(input)).containsAll(WindowReference.sortedText(
                ValuesRegistry.committed(sink)));
    }

    @Test
    void aSlowSinkBackPressuresTheSourceThroughBoundedQueues() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        List<Row> input = TestPlans.orders(20_000, 17);
        String sink = ValuesRegistry.newSinkId();
        var plan = GroupPlans.plan("backpressure", ValuesRegistry.register(input), sink, Map.of());
        var ops = new ArrayList<>(plan.operators());
        ops.set(2, new dev.weir.executor.plan.SinkSpec("sink-results", "results", GroupPlans.OUTPUT,
                Map.of("connector", "values", "sink-id", sink, "write-delay-micros", "50")));
        JobHandle job = LocalJob.submit(new dev.weir.executor.plan.PhysicalPlan("backpressure", ops),
                config(backend, 2), backend.factory());
        // Every input row yields at least one output row, so read - written is what sits in queues and buffers.
        long bound = 2L * 2 * (ParallelJob.CHANNEL_CAPACITY + 1) * ExchangeOutput.BATCH_SIZE + 2000;
        long maxGap = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (job.await(10, TimeUnit.MILLISECONDS).isEmpty() && System.nanoTime() < deadline) {
            JobMetrics m = job.metrics();
            maxGap = Math.max(maxGap, m.rowsRead() - m.rowsWritten());
            if (m.rowsWritten() > 5000) {
                break;
            }
        }
        JobMetrics m = job.metrics();
        job.cancel();
        job.await();
        assertThat(m.rowsRead()).as("the source was held back").isLessThan(input.size());
        assertThat(maxGap).isLessThanOrEqualTo(bound);
    }

    private static void waitUntil(JobHandle handle, BooleanSupplier condition) throws InterruptedException {
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

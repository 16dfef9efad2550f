package dev.weir.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weir.core.Row;
import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import dev.weir.executor.testing.ValuesRegistry;
import dev.weir.executor.testing.WindowReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LocalJobIT {
    private static final int ROWS = 8000;
    private static final Map<String, String> THROTTLED = Map.of("throttle", "true", "rows-per-poll", "10");

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private Configuration config(TestBackends.Choice backend) {
        return Configuration.empty()
                .with("execution.checkpointing.interval", "50 ms")
                .with("state.checkpoints.dir", tmp.resolve("checkpoints").toString())
                .with("state.backend.type", backend.type().name().toLowerCase(java.util.Locale.ROOT))
                .with("io.tmp.dirs", tmp.resolve("work").toString());
    }

    private static JobResult run(PhysicalPlan plan, Configuration config, TestBackends.Choice backend)
            throws InterruptedException {
        JobResult result = LocalJob.submit(plan, config, backend.factory()).await();
        return result;
    }

    private Path jobDir(String job) {
        return tmp.resolve("checkpoints").resolve(CheckpointStorage.fileSafe(job));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void uninterruptedRunCommitsExactResultsAndDeletesItsCheckpoints(TestBackends.Choice backend) throws Exception {
        List<Row> input = TestPlans.orders(ROWS, 1);
        String sink = ValuesRegistry.newSinkId();
        PhysicalPlan plan = TestPlans.windowPlan("orders per user", ValuesRegistry.register(input), sink, Map.of());

        JobResult result = run(plan, config(backend), backend);

        assertThat(result.status()).as("failure: %s", result.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(result.rowsRead()).isEqualTo(ROWS);
        assertThat(result.lateRowsDropped()).isPositive();
        assertThat(result.restoredFrom()).isNull();
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink)))
                .isEqualTo(WindowReference.expected(input));
        assertThat(result.rowsWritten()).isEqualTo(ValuesRegistry.committed(sink).size());
        assertThat(result.metrics().operators()).extracting(OperatorStats::operatorId)
                .containsExactly("source-orders", "calc-1", "watermark-1", "window-agg-1", "sink-results");
        assertThat(jobDir("orders per user")).doesNotExist();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void cancelMidRunThenResumeCommitsExactlyTheUninterruptedResult(TestBackends.Choice backend) throws Exception {
        List<Row> input = TestPlans.orders(ROWS, 2);
        String data = ValuesRegistry.register(input);
        String sink = ValuesRegistry.newSinkId();
        String job = "resume-" + backend.name();

        JobHandle first = LocalJob.submit(TestPlans.windowPlan(job, data, sink, THROTTLED), config(backend),
                backend.factory());
        waitUntil(first, () -> first.metrics().completedCheckpoints() >= 3);
        first.cancel();
        JobResult cancelled = first.await();
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.rowsRead()).isBetween(1L, (long) ROWS - 1);
        assertThat(cancelled.metrics().checkpoints()).isNotEmpty();
        assertThat(jobDir(job)).isDirectory();
        int committedBefore = ValuesRegistry.committed(sink).size();

        JobResult resumed = run(TestPlans.windowPlan(job, data, sink, Map.of()), config(backend), backend);

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).contains("chk-");
        assertThat(resumed.rowsRead()).isLessThan(ROWS);
        assertThat(ValuesRegistry.committed(sink).size()).isGreaterThanOrEqualTo(committedBefore);
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink)))
                .isEqualTo(WindowReference.expected(input));
        assertThat(jobDir(job)).doesNotExist();
    }

    @Test
    void crashBetweenDurableCheckpointAndCommitIsRepairedOnRestore() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        List<Row> input = TestPlans.orders(ROWS, 8);
        String data = ValuesRegistry.register(input);
        String sink = ValuesRegistry.newSinkId();
        String job = "commit-crash";
        PhysicalPlan crashing = TestPlans.windowPlan(job, data, sink, THROTTLED);
        List<OperatorSpec> ops = new ArrayList<>(crashing.operators());
        ops.set(4, new dev.weir.executor.plan.SinkSpec("sink-results", "results", TestPlans.WINDOW_OUTPUT,
                Map.of("connector", "values", "sink-id", sink, "fail-commit-at", "3")));

        JobResult failed = run(new PhysicalPlan(job, ops), config(backend), backend);

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.failureCause()).hasMessageContaining("committing checkpoint 3");
        assertThat(jobDir(job).resolve("chk-3").resolve(CheckpointStorage.METADATA_FILE)).exists();

        JobResult resumed = run(TestPlans.windowPlan(job, data, sink, Map.of()), config(backend), backend);

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).endsWith("chk-3");
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink)))
                .isEqualTo(WindowReference.expected(input));
    }

    @Test
    void explicitRecoveryPathResumesFromThatCheckpoint() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        String job = "explicit";
        String data = ValuesRegistry.register(TestPlans.orders(ROWS, 9));
        List<Path> checkpoints = cancelAfterCheckpoints(job, data, backend);
        Path oldest = checkpoints.get(0);

        JobResult resumed = run(TestPlans.windowPlan(job, data, ValuesRegistry.newSinkId(), Map.of()),
                config(backend).with("execution.state-recovery.path", oldest.toString()), backend);

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).isEqualTo(oldest.toString());
    }

    @Test
    void damagedNewestCheckpointFallsBackToThePreviousOne() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        String job = "damaged";
        String data = ValuesRegistry.register(TestPlans.orders(ROWS, 3));
        List<Path> checkpoints = cancelAfterCheckpoints(job, data, backend);
        Path newest = checkpoints.get(checkpoints.size() - 1);
        Path victim = newest.resolve("window-agg-1").resolve("window.bin");
        byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length - 1] ^= 0x5A;
        Files.write(victim, bytes);

        JobResult resumed = run(TestPlans.windowPlan(job, data, ValuesRegistry.newSinkId(), Map.of()),
                config(backend), backend);

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).isEqualTo(checkpoints.get(checkpoints.size() - 2).toString());
    }

    @Test
    void checkpointWithoutMetadataIsIgnored() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        String job = "no-metadata";
        String data = ValuesRegistry.register(TestPlans.orders(ROWS, 4));
        List<Path> checkpoints = cancelAfterCheckpoints(job, data, backend);
        Files.delete(checkpoints.get(checkpoints.size() - 1).resolve(CheckpointStorage.METADATA_FILE));

        JobResult resumed = run(TestPlans.windowPlan(job, data, ValuesRegistry.newSinkId(), Map.of()),
                config(backend), backend);

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).isEqualTo(checkpoints.get(checkpoints.size() - 2).toString());
    }

    @Test
    void everyCheckpointDamagedFailsNamingTheFileInsteadOfStartingEmpty() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        String job = "all-damaged";
        String data = ValuesRegistry.register(TestPlans.orders(ROWS, 5));
        List<Path> checkpoints = cancelAfterCheckpoints(job, data, backend);
        for (Path chk : checkpoints) {
            Files.write(chk.resolve("watermark-1").resolve("watermark.bin"), new byte[] {1, 2, 3});
        }
        String sink = ValuesRegistry.newSinkId();

        JobResult resumed = run(TestPlans.windowPlan(job, data, sink, Map.of()), config(backend), backend);

        assertThat(resumed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(resumed.failureCause()).isInstanceOf(WeirException.class)
                .hasMessageContaining("watermark.bin")
                .hasMessageContaining(checkpoints.get(checkpoints.size() - 1).toString());
        assertThat(resumed.rowsRead()).isZero();
        assertThat(ValuesRegistry.committed(sink)).isEmpty();
    }

    @Test
    void checkpointOfAnotherQueryFailsBeforeStartingNamingTheOperator() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        String job = "changed-query";
        String data = ValuesRegistry.register(TestPlans.orders(ROWS, 6));
        cancelAfterCheckpoints(job, data, backend);
        PhysicalPlan original = TestPlans.windowPlan(job, data, ValuesRegistry.newSinkId(), Map.of());
        List<OperatorSpec> ops = new ArrayList<>(original.operators());
        ops.set(3, new dev.weir.executor.plan.WindowAggregateSpec("window-agg-2", TestPlans.WINDOW_OUTPUT,
                new int[] {0}, 2, 10_000, 0, TestPlans.windowSpec().aggregateCalls()));

        JobResult result = run(new PhysicalPlan(job, ops), config(backend), backend);

        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.failureCause()).hasMessageContaining("'window-agg-2'");
        assertThat(result.rowsRead()).isZero();
    }

    @Test
    void failureAbandonsUncommittedOutputAndKeepsCheckpoints() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        String job = "failing";
        String sink = ValuesRegistry.newSinkId();
        PhysicalPlan plan = TestPlans.windowPlan(job, ValuesRegistry.register(TestPlans.orders(ROWS, 7)), sink,
                Map.of("fail-after", "3000"));

        JobResult result = run(plan, config(backend).without("state.checkpoints.dir")
                .with("execution.checkpointing.dir", tmp.resolve("checkpoints").toString())
                .without("execution.checkpointing.interval"), backend);

        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.failureCause()).hasMessageContaining("injected failure at row 3000");
        assertThat(result.rowsRead()).isEqualTo(3000);
        assertThat(result.completedCheckpoints()).isZero();
        assertThat(ValuesRegistry.committed(sink)).isEmpty();
    }

    @Test
    void unknownConnectorFailsWithTheAvailableOnes() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        PhysicalPlan good = TestPlans.windowPlan("bad-connector", "x", "y", Map.of());
        List<OperatorSpec> ops = new ArrayList<>(good.operators());
        ops.set(0, new dev.weir.executor.plan.SourceSpec("source-orders", "orders", TestPlans.ORDERS,
                Map.of("connector", "kafkaa")));

        JobResult result = run(new PhysicalPlan("bad-connector", ops), config(backend), backend);

        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.failureCause()).hasMessageContaining("kafkaa").hasMessageContaining("values");
    }

    /** Runs a throttled job until at least three checkpoints completed, cancels it, returns its checkpoints. */
    private List<Path> cancelAfterCheckpoints(String job, String data, TestBackends.Choice backend)
            throws Exception {
        JobHandle handle = LocalJob.submit(TestPlans.windowPlan(job, data, ValuesRegistry.newSinkId(), THROTTLED),
                config(backend), backend.factory());
        waitUntil(handle, () -> handle.metrics().completedCheckpoints() >= 3);
        handle.cancel();
        assertThat(handle.await().status()).isEqualTo(JobStatus.CANCELLED);
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> list = Files.list(jobDir(job))) {
            list.filter(p -> p.getFileName().toString().startsWith("chk-")).forEach(dirs::add);
        }
        dirs.sort((a, b) -> Long.compare(id(a), id(b)));
        assertThat(dirs).hasSizeBetween(2, 3);
        return dirs;
    }

    private static long id(Path chk) {
        return Long.parseLong(chk.getFileName().toString().substring(4));
    }

    /** Waits for a condition of a running job, failing if the job ends first or 30 s pass. */
    private static void waitUntil(JobHandle handle, BooleanSupplier condition) throws InterruptedException,
            IOException {
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

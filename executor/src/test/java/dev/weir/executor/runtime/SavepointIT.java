package dev.weir.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weir.core.Row;
import dev.weir.core.config.Configuration;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import dev.weir.executor.testing.ValuesRegistry;
import dev.weir.executor.testing.WindowReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** STOP WITH SAVEPOINT, then resuming from it: same plan, other backend, other sink, changed operators. */
class SavepointIT {
    private static final int ROWS = 6000;
    private static final Map<String, String> THROTTLED = Map.of("throttle", "true", "rows-per-poll", "10");

    @TempDir
    Path tmp;

    static Stream<Arguments> backendPairs() {
        List<TestBackends.Choice> all = TestBackends.choices();
        List<Arguments> pairs = new ArrayList<>();
        for (TestBackends.Choice from : all) {
            for (TestBackends.Choice to : all) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    private Configuration config(TestBackends.Choice backend) {
        return Configuration.empty()
                .with("execution.checkpointing.interval", "50 ms")
                .with("execution.checkpointing.dir", tmp.resolve("checkpoints").toString())
                .with("state.savepoints.dir", tmp.resolve("savepoints").toString())
                .with("state.backend.type", backend.type().name().toLowerCase(Locale.ROOT))
                .with("io.tmp.dirs", tmp.resolve("work").toString());
    }

    /** Runs the throttled job until it read some rows, stops it with a savepoint, returns the savepoint. */
    private Path stopWithSavepoint(String job, String data, String sink, TestBackends.Choice backend)
            throws Exception {
        return stopWithSavepoint(job, data, sink, backend, 1);
    }

    private Path stopWithSavepoint(String job, String data, String sink, TestBackends.Choice backend,
            int parallelism) throws Exception {
        JobHandle handle = LocalJob.submit(TestPlans.windowPlan(job, data, sink, THROTTLED),
                config(backend).with("parallelism.default", Integer.toString(parallelism)), backend.factory());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (handle.metrics().rowsRead() < 1500 || handle.metrics().completedCheckpoints() < 1) {
            if (handle.await(5, TimeUnit.MILLISECONDS).isPresent() || System.nanoTime() > deadline) {
                fail("job ended or stalled before the savepoint: " + handle.metrics());
            }
        }
        Path savepoint = handle.stopWithSavepoint().get(30, TimeUnit.SECONDS);
        JobResult stopped = handle.await();
        assertThat(stopped.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stopped.rowsRead()).isBetween(1500L, ROWS - 1L);
        assertThat(savepoint.getParent()).isEqualTo(tmp.resolve("savepoints").toAbsolutePath().normalize());
        assertThat(savepoint.getFileName().toString()).startsWith("savepoint-" + CheckpointStorage.fileSafe(job) + "-");
        assertThat(savepoint.resolve(CheckpointStorage.METADATA_FILE)).isRegularFile();
        CheckpointStorage.verify(savepoint);
        try (Stream<Path> files = Files.walk(savepoint)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                // a copy, not a hard link into RocksDB's live files or a checkpoint
                assertThat((Integer) Files.getAttribute(f, "unix:nlink")).as("links of %s", f).isEqualTo(1);
            }
        }
        return savepoint;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("backendPairs")
    void savepointResumesIntoEitherBackendWithExactResults(TestBackends.Choice from, TestBackends.Choice to)
            throws Exception {
        List<Row> input = TestPlans.orders(ROWS, 11);
        String data = ValuesRegistry.register(input);
        String sink = ValuesRegistry.newSinkId();
        String job = "sp-" + from.name() + "-" + to.name();
        Path savepoint = stopWithSavepoint(job, data, sink, from);

        JobResult resumed = LocalJob.submit(TestPlans.windowPlan(job, data, sink, Map.of()),
                config(to).with("execution.state-recovery.path", savepoint.toString()), to.factory()).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).isEqualTo(savepoint.toString());
        assertThat(resumed.rowsRead()).isLessThan(ROWS);
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink))).isEqualTo(WindowReference.expected(input));
        assertThat(savepoint.resolve(CheckpointStorage.METADATA_FILE)).as("kept after the job finished").isRegularFile();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void savepointAtParallelismTwoResumesWithExactResults(TestBackends.Choice backend) throws Exception {
        List<Row> input = TestPlans.sortedOrders(ROWS, 13); // no late rows: at p=2 they would depend on timing
        String data = ValuesRegistry.register(input);
        String sink = ValuesRegistry.newSinkId();
        String job = "sp-p2-" + backend.name();
        Path savepoint = stopWithSavepoint(job, data, sink, backend, 2);
        assertThat(ValuesRegistry.committed(sink)).as("output up to the savepoint is committed").isNotEmpty();

        JobResult resumed = LocalJob.submit(TestPlans.windowPlan(job, data, sink, Map.of()),
                config(backend).with("parallelism.default", "2")
                        .with("execution.state-recovery.path", savepoint.toString()), backend.factory()).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).isEqualTo(savepoint.toString());
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink))).isEqualTo(WindowReference.expected(input));
    }

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    @Test
    void savepointResumesIntoAnotherSink() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(TestBackends.choices().size() - 1);
        List<Row> input = TestPlans.orders(ROWS, 12);
        String data = ValuesRegistry.register(input);
        String first = ValuesRegistry.newSinkId();
        Path savepoint = stopWithSavepoint("sp-sink", data, first, backend);
        String second = ValuesRegistry.newSinkId();
        List<OperatorSpec> ops = new ArrayList<>(TestPlans.windowPlan("sp-sink", data, second, Map.of()).operators());
        ops.set(ops.size() - 1, new SinkSpec("sink-archive", "archive", TestPlans.WINDOW_OUTPUT,
                Map.of("connector", "values", "sink-id", second)));

        JobResult resumed = LocalJob.submit(new PhysicalPlan("sp-sink", ops),
                config(backend).with("execution.state-recovery.path", savepoint.toString()), backend.factory()).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        List<Row> both = new ArrayList<>(ValuesRegistry.committed(first));
        both.addAll(ValuesRegistry.committed(second));
        assertThat(ValuesRegistry.committed(first)).isNotEmpty();
        assertThat(WindowReference.sortedText(both)).isEqualTo(WindowReference.expected(input));
    }

    @Test
    void stateOfARemovedOperatorIsRefusedUnlessAllowed() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        String data = ValuesRegistry.register(TestPlans.orders(ROWS, 13));
        Path savepoint = stopWithSavepoint("sp-changed", data, ValuesRegistry.newSinkId(), backend);
        String sink = ValuesRegistry.newSinkId();
        List<OperatorSpec> ops = new ArrayList<>(TestPlans.windowPlan("sp-changed", data, sink, Map.of()).operators());
        WindowAggregateSpec old = TestPlans.windowSpec();
        ops.set(3, new WindowAggregateSpec("window-agg-other-key", TestPlans.WINDOW_OUTPUT, old.keyIndices(),
                old.timeIndex(), TestPlans.WINDOW_MILLIS, 0, old.aggregateCalls()));
        Configuration restore = config(backend).with("execution.state-recovery.path", savepoint.toString());

        JobResult refused = LocalJob.submit(new PhysicalPlan("sp-changed", ops), restore, backend.factory()).await();

        assertThat(refused.status()).isEqualTo(JobStatus.FAILED);
        assertThat(refused.failureCause()).hasMessageContaining("'window-agg-other-key'")
                .hasMessageContaining("--allow-non-restored-state");
        assertThat(refused.rowsRead()).isZero();

        JobResult allowed = LocalJob.submit(new PhysicalPlan("sp-changed", ops),
                restore.with("execution.state-recovery.ignore-unclaimed-state", "true"), backend.factory()).await();

        assertThat(allowed.status()).as("failure: %s", allowed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(allowed.restoredFrom()).isEqualTo(savepoint.toString());
        assertThat(allowed.rowsRead()).as("the source position was restored").isLessThan(ROWS);
        assertThat(ValuesRegistry.committed(sink)).isNotEmpty();
    }
}

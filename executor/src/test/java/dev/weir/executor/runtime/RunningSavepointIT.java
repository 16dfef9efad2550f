package dev.weir.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weir.core.Row;
import dev.weir.core.config.Configuration;
import dev.weir.executor.checkpoint.CheckpointStorage;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A savepoint of a running job ({@code weir savepoint JOB [DIR]}): the job goes on to its end with
 * exactly its output, and the savepoint, in the directory asked for, resumes another job exactly.
 */
class RunningSavepointIT {
    private static final int ROWS = 6000;
    private static final Map<String, String> THROTTLED = Map.of("throttle", "true", "rows-per-poll", "10");

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (int parallelism : new int[] {1, 2}) {
            for (TestBackends.Choice backend : TestBackends.choices()) {
                all.add(Arguments.of(parallelism, backend));
            }
        }
        return all.stream();
    }

    /** Periodic checkpoints off: the savepoint is then the only thing that prepares the sink's output. */
    private Configuration config(TestBackends.Choice backend, int parallelism) {
        return Configuration.empty()
                .with("parallelism.default", Integer.toString(parallelism))
                .with("execution.checkpointing.dir", tmp.resolve("checkpoints").toString())
                .with("state.savepoints.dir", tmp.resolve("configured-savepoints").toString())
                .with("state.backend.type", backend.type().name().toLowerCase(Locale.ROOT))
                .with("io.tmp.dirs", tmp.resolve("work").toString());
    }

    @ParameterizedTest(name = "parallelism {0}, {1}")
    @MethodSource("cases")
    void theJobGoesOnAndTheSavepointResumesExactly(int parallelism, TestBackends.Choice backend) throws Exception {
        List<Row> input = TestPlans.sortedOrders(ROWS, 31); // no late rows: at p=2 they would depend on timing
        String data = ValuesRegistry.register(input);
        String sink = ValuesRegistry.newSinkId();
        String job = "running-sp-" + parallelism + "-" + backend.name();
        JobHandle handle = LocalJob.submit(TestPlans.windowPlan(job, data, sink, THROTTLED),
                config(backend, parallelism), backend.factory());
        awaitMetrics(handle, m -> m.rowsRead() >= 1500);
        Path target = tmp.resolve("explicit");

        Path savepoint = handle.triggerSavepoint(target).get(30, TimeUnit.SECONDS);
        long readAtSavepoint = handle.metrics().rowsRead();

        assertThat(savepoint.getParent()).as("the directory asked for, not the configured one")
                .isEqualTo(target.toAbsolutePath().normalize());
        assertThat(savepoint.getFileName().toString()).startsWith("savepoint-" + CheckpointStorage.fileSafe(job) + "-");
        CheckpointStorage.verify(savepoint);
        assertSelfContained(savepoint);
        JobResult first = handle.await();
        assertThat(first.status()).as("failure: %s", first.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(first.rowsRead()).as("the job went on after the savepoint").isEqualTo(ROWS)
                .isGreaterThan(readAtSavepoint);
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink))).isEqualTo(WindowReference.expected(input));
        assertThat(tmp.resolve("configured-savepoints")).doesNotExist();

        String second = ValuesRegistry.newSinkId();
        JobResult resumed = LocalJob.submit(TestPlans.windowPlan(job, data, second, Map.of()),
                config(backend, parallelism).with("execution.state-recovery.path", savepoint.toString()),
                backend.factory()).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).isEqualTo(savepoint.toString());
        assertThat(resumed.rowsRead()).isLessThan(ROWS);
        // the savepoint's pending output (everything before it: no checkpoint committed any) plus the rest
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(second)))
                .isEqualTo(WindowReference.expected(input));
    }

    @Test
    void savepointsOneAfterAnotherEachGetTheirOwnDirectory() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        String data = ValuesRegistry.register(TestPlans.sortedOrders(ROWS, 32));
        JobHandle handle = LocalJob.submit(TestPlans.windowPlan("two-sp", data, ValuesRegistry.newSinkId(), THROTTLED),
                config(backend, 1), backend.factory());
        awaitMetrics(handle, m -> m.rowsRead() >= 500);
        CompletableFuture<Path> a = handle.triggerSavepoint(null);
        CompletableFuture<Path> b = handle.triggerSavepoint(null);

        Path first = a.get(30, TimeUnit.SECONDS);
        Path second = b.get(30, TimeUnit.SECONDS);

        assertThat(first).isNotEqualTo(second);
        assertThat(first.getParent()).isEqualTo(second.getParent())
                .isEqualTo(tmp.resolve("configured-savepoints").toAbsolutePath().normalize());
        CheckpointStorage.verify(first);
        CheckpointStorage.verify(second);
        assertThat(handle.await().status()).isEqualTo(JobStatus.FINISHED);

        CompletableFuture<Path> late = handle.triggerSavepoint(null);
        assertThat(late).isCompletedExceptionally();
        try {
            late.get();
            fail("a savepoint of an ended job");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).hasMessageContaining("ended (FINISHED) without taking a savepoint");
        }
    }

    private static void awaitMetrics(JobHandle handle, Predicate<JobMetrics> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.test(handle.metrics())) {
            if (handle.await(5, TimeUnit.MILLISECONDS).isPresent() || System.nanoTime() > deadline) {
                fail("job ended or stalled before the savepoint: " + handle.metrics());
            }
        }
    }

    private static void assertSelfContained(Path savepoint) throws Exception {
        try (Stream<Path> files = Files.walk(savepoint)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                // a copy, not a hard link into RocksDB's live files or a checkpoint
                assertThat((Integer) Files.getAttribute(f, "unix:nlink")).as("links of %s", f).isEqualTo(1);
            }
        }
    }
}

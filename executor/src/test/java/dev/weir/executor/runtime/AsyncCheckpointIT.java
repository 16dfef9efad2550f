package dev.weir.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weir.core.Row;
import dev.weir.core.config.Configuration;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.operators.StateBackendFactory;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import dev.weir.executor.testing.ValuesRegistry;
import dev.weir.executor.testing.WindowReference;
import dev.weir.state.ForwardingKeyedStateBackend;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.PendingSnapshot;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asynchronous checkpoints at parallelism 1: while a checkpoint's asynchronous part waits (on a
 * latch, standing for a slow disk) the task thread goes on processing rows, the sink commits nothing
 * of that checkpoint until its {@code _metadata} is written, {@code max-concurrent-checkpoints} bounds
 * how many are in flight, one over the timeout is aborted without stopping processing, and a job
 * resumed from the latest checkpoint gives exactly-once output.
 */
class AsyncCheckpointIT {
    private static final int ROWS = 20_000;
    private static final Map<String, String> THROTTLED = Map.of("throttle", "true", "rows-per-poll", "10");
    private static final Map<String, String> ENDLESS =
            Map.of("throttle", "true", "rows-per-poll", "10", "hold-open", "true");
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private Configuration config(TestBackends.Choice backend, int maxConcurrent) {
        return Configuration.empty()
                .with("execution.checkpointing.interval", "20 ms")
                .with("execution.checkpointing.max-concurrent-checkpoints", Integer.toString(maxConcurrent))
                .with("execution.checkpointing.dir", tmp.resolve("checkpoints").toString())
                .with("state.backend.type", backend.type().name().toLowerCase(Locale.ROOT))
                .with("io.tmp.dirs", tmp.resolve("work").toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void rowsFlowWhileTheAsynchronousPartWaitsAndNothingCommitsBeforeItsMetadata(TestBackends.Choice backend)
            throws Exception {
        List<Row> input = TestPlans.orders(ROWS, 51);
        String data = ValuesRegistry.register(input);
        String sink = ValuesRegistry.newSinkId();
        String job = "async-" + backend.name();
        Path jobDir = tmp.resolve("checkpoints").resolve(CheckpointStorage.fileSafe(job));
        Latched latched = new Latched(1);
        JobHandle handle = LocalJob.submit(TestPlans.windowPlan(job, data, sink, ENDLESS), config(backend, 1),
                latched.factory(backend.factory()));

        assertThat(latched.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("first async part started").isTrue();
        long heldFrom = System.nanoTime();
        long readAtBarrier = handle.metrics().rowsRead();
        awaitCondition(handle, () -> handle.metrics().rowsRead() >= readAtBarrier + 2_000);

        // the checkpoint is still being written: nothing of it is durable, so nothing is committed
        assertThat(jobDir.resolve("chk-1").resolve(CheckpointStorage.METADATA_FILE)).doesNotExist();
        assertThat(handle.metrics().completedCheckpoints()).isZero();
        assertThat(ValuesRegistry.committed(sink)).isEmpty();
        // one checkpoint at a time: no second one was started meanwhile
        assertThat(jobDir.resolve("chk-2")).doesNotExist();

        long heldNanos = System.nanoTime() - heldFrom;
        latched.release.countDown();
        awaitCondition(handle, () -> handle.metrics().completedCheckpoints() >= 1);
        CheckpointStats first = handle.metrics().checkpoints().get(0);
        assertHeldInAsynchronousPart(first, heldNanos);
        // at parallelism 1 one thread takes the synchronous part, then one the asynchronous part, within the duration
        assertThat(first.syncMillis() + first.asyncMillis()).isLessThanOrEqualTo(first.durationMillis());
        assertThat(handle.metrics().lastCheckpointText()).contains(" ms, sync ", " ms, async ");
        awaitCondition(handle, () -> handle.metrics().completedCheckpoints() >= 3 && !ValuesRegistry.committed(sink)
                .isEmpty());
        handle.cancel();
        assertThat(handle.await().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(jobDir.resolve("chk-1").resolve(CheckpointStorage.METADATA_FILE)).isRegularFile();

        JobResult resumed = LocalJob.submit(TestPlans.windowPlan(job, data, sink, THROTTLED), config(backend, 1),
                backend.factory()).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).startsWith(jobDir.resolve("chk-").toString());
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink)))
                .isEqualTo(WindowReference.expected(input));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void twoConcurrentCheckpointsCompleteInOrder(TestBackends.Choice backend) throws Exception {
        List<Row> input = TestPlans.orders(ROWS, 52);
        String data = ValuesRegistry.register(input);
        String sink = ValuesRegistry.newSinkId();
        String job = "async-concurrent-" + backend.name();
        Path jobDir = tmp.resolve("checkpoints").resolve(CheckpointStorage.fileSafe(job));
        Latched latched = new Latched(1);
        JobHandle handle = LocalJob.submit(TestPlans.windowPlan(job, data, sink, ENDLESS), config(backend, 2),
                latched.factory(backend.factory()));

        assertThat(latched.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("first async part started").isTrue();
        // with two allowed, the next checkpoint's synchronous part is taken while the first one waits
        awaitCondition(handle, () -> java.nio.file.Files.isDirectory(jobDir.resolve("chk-2")));
        assertThat(jobDir.resolve("chk-3")).as("never more than two in flight").doesNotExist();
        assertThat(handle.metrics().completedCheckpoints()).isZero();
        assertThat(ValuesRegistry.committed(sink)).isEmpty();

        latched.release.countDown();
        awaitCondition(handle, () -> handle.metrics().completedCheckpoints() >= 4);
        handle.cancel();
        JobResult cancelled = handle.await();
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(handle.abortedCheckpoints()).isZero();
        List<Long> completedIds = cancelled.metrics().checkpoints().stream().map(CheckpointStats::checkpointId)
                .toList();
        assertThat(completedIds).startsWith(1L, 2L).isSorted();

        JobResult resumed = LocalJob.submit(TestPlans.windowPlan(job, data, sink, THROTTLED), config(backend, 2),
                backend.factory()).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink)))
                .isEqualTo(WindowReference.expected(input));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void anAsynchronousPartOverTheTimeoutIsAbortedWhileRowsFlow(TestBackends.Choice backend) throws Exception {
        List<Row> input = TestPlans.orders(ROWS, 53);
        String data = ValuesRegistry.register(input);
        String sink = ValuesRegistry.newSinkId();
        String job = "async-timeout-" + backend.name();
        Path jobDir = tmp.resolve("checkpoints").resolve(CheckpointStorage.fileSafe(job));
        Latched latched = new Latched(1); // never released: only the abort's interrupt ends the wait
        Configuration config = config(backend, 1).with("execution.checkpointing.timeout", "300 ms");
        JobHandle handle = LocalJob.submit(TestPlans.windowPlan(job, data, sink, ENDLESS), config,
                latched.factory(backend.factory()));

        assertThat(latched.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("first async part started").isTrue();
        long readAtBarrier = handle.metrics().rowsRead();
        awaitCondition(handle, () -> handle.abortedCheckpoints() >= 1 && handle.metrics().completedCheckpoints() >= 2
                && handle.metrics().rowsRead() > readAtBarrier);
        handle.cancel();
        assertThat(handle.await().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(handle.abortedCheckpoints()).isEqualTo(1);
        assertThat(jobDir.resolve("chk-1")).as("the aborted checkpoint's directory is deleted").doesNotExist();

        JobResult resumed = LocalJob.submit(TestPlans.windowPlan(job, data, sink, THROTTLED), config,
                backend.factory()).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).startsWith(jobDir.resolve("chk-").toString());
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink)))
                .isEqualTo(WindowReference.expected(input));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void atParallelismTwoASubtaskGoesOnWhileItsAsynchronousPartWaits(TestBackends.Choice backend) throws Exception {
        List<Row> input = TestPlans.sortedOrders(ROWS, 54);
        String data = ValuesRegistry.register(input);
        String sink = ValuesRegistry.newSinkId();
        String job = "async-p2-" + backend.name();
        Configuration config = config(backend, 1).with("parallelism.default", "2");
        Latched latched = new Latched(1);
        JobHandle handle = LocalJob.submit(TestPlans.windowPlan(job, data, sink, ENDLESS), config,
                latched.factory(backend.factory()));

        assertThat(latched.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("first async part started").isTrue();
        long heldFrom = System.nanoTime();
        long readAtBarrier = handle.metrics().rowsRead();
        awaitCondition(handle, () -> handle.metrics().rowsRead() >= readAtBarrier + 2_000);
        assertThat(handle.metrics().completedCheckpoints()).as("the subtask has not acknowledged yet").isZero();
        assertThat(ValuesRegistry.committed(sink)).isEmpty();

        long heldNanos = System.nanoTime() - heldFrom;
        latched.release.countDown();
        awaitCondition(handle, () -> handle.metrics().completedCheckpoints() >= 1);
        assertHeldInAsynchronousPart(handle.metrics().checkpoints().get(0), heldNanos);
        awaitCondition(handle, () -> handle.metrics().completedCheckpoints() >= 2);
        handle.cancel();
        assertThat(handle.await().status()).isEqualTo(JobStatus.CANCELLED);

        JobResult resumed = LocalJob.submit(TestPlans.windowPlan(job, data, sink, THROTTLED), config,
                backend.factory()).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).isNotNull();
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink)))
                .isEqualTo(WindowReference.expected(input));
    }

    /**
     * The latch held checkpoint 1's asynchronous part at least {@code heldNanos} (the test's interval lies within
     * the snapshot thread's): that shows in {@code asyncMillis}; the synchronous part, which ended before the
     * snapshot thread began, never waited for it.
     */
    private static void assertHeldInAsynchronousPart(CheckpointStats stats, long heldNanos) {
        assertThat(stats.checkpointId()).isEqualTo(1);
        assertThat(stats.asyncMillis()).as("async part of %s", stats.describe())
                .isGreaterThanOrEqualTo(TimeUnit.NANOSECONDS.toMillis(heldNanos))
                .isLessThanOrEqualTo(stats.durationMillis());
        assertThat(stats.syncMillis()).as("sync part of %s", stats.describe()).isNotNegative()
                .isLessThanOrEqualTo(stats.durationMillis());
    }

    private static void awaitCondition(JobHandle handle, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (handle.await(5, TimeUnit.MILLISECONDS).isPresent() || System.nanoTime() > deadline) {
                fail("job ended or stalled: " + handle.metrics());
            }
        }
    }

    /** Backends whose first {@code count} snapshots' asynchronous parts wait for {@link #release}. */
    private static final class Latched {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger left;

        Latched(int count) {
            left = new AtomicInteger(count);
        }

        StateBackendFactory factory(StateBackendFactory delegate) {
            return (type, context, restoreFrom) -> new ForwardingKeyedStateBackend(
                    delegate.create(type, context, restoreFrom)) {
                @Override
                public PendingSnapshot snapshotAsync(long checkpointId, Path targetDir) throws IOException {
                    PendingSnapshot pending = delegate().snapshotAsync(checkpointId, targetDir);
                    return left.getAndDecrement() > 0 ? latched(pending) : pending;
                }
            };
        }

        private PendingSnapshot latched(PendingSnapshot pending) {
            return new PendingSnapshot() {
                @Override
                public void complete() throws IOException {
                    entered.countDown();
                    try {
                        if (!release.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                            throw new IOException("test latch never released");
                        }
                    } catch (InterruptedException e) {
                        pending.discard();
                        throw new InterruptedIOException("aborted while waiting");
                    }
                    pending.complete();
                }

                @Override
                public void discard() {
                    pending.discard();
                }
            };
        }
    }
}

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code execution.checkpointing.timeout} at parallelism 1: a checkpoint that takes longer — in its
 * synchronous part, or in its asynchronous part on the snapshot thread, which is then interrupted —
 * is aborted — its directory deleted, never restored, not counted as completed — and the job goes
 * on with exact output.
 */
class CheckpointTimeoutIT {
    private static final int ROWS = 6000;
    private static final Map<String, String> THROTTLED = Map.of("throttle", "true", "rows-per-poll", "10");

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private Configuration config(TestBackends.Choice backend, String timeout) {
        return Configuration.empty()
                .with("execution.checkpointing.interval", "50 ms")
                .with("execution.checkpointing.timeout", timeout)
                .with("execution.checkpointing.dir", tmp.resolve("checkpoints").toString())
                .with("state.backend.type", backend.type().name().toLowerCase(Locale.ROOT))
                .with("io.tmp.dirs", tmp.resolve("work").toString());
    }

    /** A timeout of 0 ms: every checkpoint takes longer, so every one is aborted. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void everyCheckpointOverTheTimeoutIsAbortedAndNeverRestored(TestBackends.Choice backend) throws Exception {
        List<Row> input = TestPlans.orders(ROWS, 41);
        String data = ValuesRegistry.register(input);
        String job = "timeout-" + backend.name();
        Map<String, String> endless = Map.of("throttle", "true", "rows-per-poll", "10", "hold-open", "true");
        JobHandle handle = LocalJob.submit(TestPlans.windowPlan(job, data, ValuesRegistry.newSinkId(), endless),
                config(backend, "0 ms"), backend.factory());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (handle.abortedCheckpoints() < 3 || handle.metrics().rowsRead() < 1000) {
            if (handle.await(5, TimeUnit.MILLISECONDS).isPresent() || System.nanoTime() > deadline) {
                fail("job ended or aborted no checkpoint: %s, aborted %d", handle.metrics(),
                        handle.abortedCheckpoints());
            }
        }
        handle.cancel();
        JobResult cancelled = handle.await();

        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.completedCheckpoints()).isZero();
        assertThat(checkpointDirs(tmp.resolve("checkpoints").resolve(CheckpointStorage.fileSafe(job))))
                .as("aborted checkpoints leave no directory").isEmpty();

        // nothing to resume from: the next run starts afresh, and the aborts lost no output
        String sink = ValuesRegistry.newSinkId();
        JobHandle again = LocalJob.submit(TestPlans.windowPlan(job, data, sink, THROTTLED), config(backend, "0 ms"),
                backend.factory());
        JobResult finished = again.await();

        assertThat(finished.status()).as("failure: %s", finished.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(finished.restoredFrom()).isNull();
        assertThat(finished.completedCheckpoints()).isZero();
        assertThat(again.abortedCheckpoints()).isPositive();
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink))).isEqualTo(WindowReference.expected(input));
    }

    /**
     * The first checkpoint's snapshot takes longer than the timeout (its state backend is slow
     * once): that checkpoint is aborted, the later ones complete, and resuming from the latest
     * gives exact output.
     */
    @Test
    void afterASlowCheckpointLaterOnesCompleteAndRestore() throws Exception {
        TestBackends.Choice backend = TestBackends.choices().get(0);
        List<Row> input = TestPlans.orders(ROWS, 42);
        String data = ValuesRegistry.register(input);
        String sink = ValuesRegistry.newSinkId();
        long timeoutMillis = 500;
        Map<String, String> endless = Map.of("throttle", "true", "rows-per-poll", "10", "hold-open", "true");
        JobHandle handle = LocalJob.submit(TestPlans.windowPlan("timeout-once", data, sink, endless),
                config(backend, timeoutMillis + " ms"), slowOnce(backend.factory(), 2 * timeoutMillis));
        awaitMetrics(handle, m -> m.completedCheckpoints() >= 2 && m.rowsRead() >= 1000);
        handle.cancel();
        JobResult cancelled = handle.await();

        assertThat(handle.abortedCheckpoints()).isEqualTo(1);
        assertThat(cancelled.completedCheckpoints()).isGreaterThanOrEqualTo(2);
        Path jobDir = tmp.resolve("checkpoints").resolve("timeout-once");
        assertThat(checkpointDirs(jobDir)).as("the aborted first checkpoint is gone").isNotEmpty()
                .doesNotContain(jobDir.resolve("chk-1"))
                .allSatisfy(chk -> assertThat(chk.resolve(CheckpointStorage.METADATA_FILE)).isRegularFile());

        JobResult resumed = LocalJob.submit(TestPlans.windowPlan("timeout-once", data, sink, THROTTLED),
                config(backend, timeoutMillis + " ms"), backend.factory()).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).startsWith(jobDir.resolve("chk-").toString());
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink))).isEqualTo(WindowReference.expected(input));
    }

    private static void awaitMetrics(JobHandle handle, Predicate<JobMetrics> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.test(handle.metrics())) {
            if (handle.await(5, TimeUnit.MILLISECONDS).isPresent() || System.nanoTime() > deadline) {
                fail("job ended or stalled: " + handle.metrics());
            }
        }
    }

    private static List<Path> checkpointDirs(Path jobDir) throws IOException {
        if (!Files.isDirectory(jobDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(jobDir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("chk-")).toList();
        }
    }

    /**
     * Backends whose first snapshot's asynchronous part takes at least {@code millis}: a checkpoint slow
     * by construction (an interrupt, which is how an abort stops it, ends the wait early).
     */
    private static StateBackendFactory slowOnce(StateBackendFactory delegate, long millis) {
        AtomicBoolean slow = new AtomicBoolean(true);
        return (type, context, restoreFrom) -> new SlowSnapshots(delegate.create(type, context, restoreFrom), slow,
                TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private static final class SlowSnapshots extends ForwardingKeyedStateBackend {
        private final AtomicBoolean slow;
        private final long nanos;

        SlowSnapshots(KeyedStateBackend delegate, AtomicBoolean slow, long nanos) {
            super(delegate);
            this.slow = slow;
            this.nanos = nanos;
        }

        @Override
        public void snapshot(long checkpointId, Path targetDir) throws IOException {
            snapshotAsync(checkpointId, targetDir).complete();
        }

        @Override
        public PendingSnapshot snapshotAsync(long checkpointId, Path targetDir) throws IOException {
            PendingSnapshot pending = delegate().snapshotAsync(checkpointId, targetDir);
            if (!slow.compareAndSet(true, false)) {
                return pending;
            }
            return new PendingSnapshot() {
                @Override
                public void complete() throws IOException {
                    // stands for a snapshot of much state on a slow disk: it just takes this long
                    long until = System.nanoTime() + nanos;
                    for (long left = nanos; left > 0; left = until - System.nanoTime()) {
                        LockSupport.parkNanos(left);
                        if (Thread.currentThread().isInterrupted()) {
                            pending.discard();
                            throw new InterruptedIOException("slow snapshot interrupted");
                        }
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

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A non-windowed GROUP BY job end to end: its changelog, checkpoints, and a resume after cancellation. */
class GroupAggregateIT {
    private static final int ROWS = 6000;

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private Configuration config(TestBackends.Choice backend) {
        return Configuration.empty()
                .with("execution.checkpointing.interval", "50 ms")
                .with("state.checkpoints.dir", tmp.resolve("checkpoints").toString())
                .with("state.backend.type", backend.type().name().toLowerCase(Locale.ROOT))
                .with("io.tmp.dirs", tmp.resolve("work").toString());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void cancelledJobResumesFromItsCheckpointAndCommitsExactlyTheUninterruptedChangelog(
            TestBackends.Choice backend) throws Exception {
        List<Row> input = TestPlans.orders(ROWS, 3);
        String data = ValuesRegistry.register(input);
        String sink = ValuesRegistry.newSinkId();
        String job = "group-resume-" + backend.name();

        JobHandle first = LocalJob.submit(GroupPlans.plan(job, data, sink,
                Map.of("throttle", "true", "rows-per-poll", "10")), config(backend), backend.factory());
        waitUntil(first, () -> first.metrics().completedCheckpoints() >= 3);
        first.cancel();
        JobResult cancelled = first.await();
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.rowsRead()).isBetween(1L, (long) ROWS - 1);
        assertThat(tmp.resolve("checkpoints").resolve(CheckpointStorage.fileSafe(job))).isDirectory();

        JobResult resumed = LocalJob.submit(GroupPlans.plan(job, data, sink, Map.of()), config(backend),
                backend.factory()).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).contains("chk-");
        assertThat(resumed.rowsRead()).isLessThan(ROWS);
        List<String> committed = GroupPlans.text(ValuesRegistry.committed(sink));
        assertThat(committed).isEqualTo(GroupPlans.expected(input));
        assertThat(committed).anyMatch(r -> r.startsWith("-U[")).anyMatch(r -> r.startsWith("+U["));
        assertThat(tmp.resolve("checkpoints").resolve(CheckpointStorage.fileSafe(job))).doesNotExist();
    }

    /** Waits for a condition of a running job, failing if the job ends first or 30 s pass. */
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

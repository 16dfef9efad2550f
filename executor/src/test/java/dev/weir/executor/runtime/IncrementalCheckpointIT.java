package dev.weir.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.weir.core.Row;
import dev.weir.core.config.Configuration;
import dev.weir.executor.checkpoint.CheckpointMetadata;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.operators.StateBackendFactory;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import dev.weir.executor.testing.ValuesRegistry;
import dev.weir.executor.testing.WindowReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A RocksDB job with {@code state.backend.incremental}: cancelled mid-run, resumed, exact result. */
class IncrementalCheckpointIT {
    private static final int ROWS = 8000;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "parallelism {0}, incremental {1}")
    @CsvSource({"1, true", "2, true"})
    void resumesFromAnIncrementalCheckpointWithExactResults(int parallelism, boolean incremental) throws Exception {
        assumeThat(TestBackends.realAvailable()).as("the state module's RocksDB backend").isTrue();
        // in order: at parallelism 2, which rows are late would otherwise depend on the interleaving
        List<Row> input = TestPlans.sortedOrders(ROWS, 3);
        String data = ValuesRegistry.register(input);
        String sink = ValuesRegistry.newSinkId();
        String job = "incremental-p" + parallelism + "-" + incremental;
        Configuration config = Configuration.empty()
                .with("execution.checkpointing.interval", "50 ms")
                .with("state.checkpoints.dir", tmp.resolve("checkpoints").toString())
                .with("state.checkpoints.num-retained", "2")
                .with("state.backend.type", "rocksdb")
                .with("state.backend.incremental", Boolean.toString(incremental))
                .with("parallelism.default", Integer.toString(parallelism))
                .with("io.tmp.dirs", tmp.resolve("work").toString());
        Path jobDir = tmp.resolve("checkpoints").resolve(CheckpointStorage.fileSafe(job));

        JobHandle first = LocalJob.submit(TestPlans.windowPlan(job, data, sink,
                Map.of("throttle", "true", "rows-per-poll", "10")), config, StateBackendFactory.DEFAULT);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (first.metrics().completedCheckpoints() < 4) {
            if (first.await(5, TimeUnit.MILLISECONDS).isPresent() || System.nanoTime() > deadline) {
                fail("no four checkpoints: " + first.metrics());
            }
        }
        first.cancel();
        JobResult cancelled = first.await();
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.metrics().checkpoints())
                .allSatisfy(c -> assertThat(c.incrementalSizeBytes()).isBetween(1L, c.sizeBytes()))
                .allSatisfy(c -> assertThat(c.alignmentMillis()).isNotNegative())
                .allSatisfy(c -> assertThat(c.syncMillis()).isBetween(0L, c.durationMillis()))
                .allSatisfy(c -> assertThat(c.asyncMillis()).isBetween(0L, c.durationMillis()));
        // per operator: the keyed window aggregate reports its state size and watermark, the calc no state
        assertThat(cancelled.metrics().operators()).filteredOn(o -> o.operatorId().equals("window-agg-1"))
                .singleElement()
                .satisfies(o -> assertThat(o.stateSizeBytes()).isPositive())
                .satisfies(o -> assertThat(o.currentWatermark()).isGreaterThan(Long.MIN_VALUE));
        assertThat(cancelled.metrics().operators()).filteredOn(o -> o.operatorId().equals("calc-1"))
                .singleElement().satisfies(o -> assertThat(o.stateSizeBytes()).isEqualTo(-1));
        assertThat(cancelled.metrics().summary()).contains("window-agg-1[", " state=", " watermark=2023-11-14T",
                "lastCheckpoint=#");
        assertThat(cancelled.metrics().details()).anySatisfy(l -> assertThat(l).startsWith("window-agg-1: in="))
                .anySatisfy(l -> assertThat(l).startsWith("checkpoint #"));

        // the retained checkpoints reference shared table files; exactly those are left in shared/
        Set<String> referenced = new HashSet<>();
        List<Path> checkpoints = new ArrayList<>();
        try (Stream<Path> list = Files.list(jobDir)) {
            list.filter(p -> Files.isRegularFile(p.resolve(CheckpointStorage.METADATA_FILE))).forEach(checkpoints::add);
        }
        assertThat(checkpoints).hasSize(2);
        for (Path chk : checkpoints) {
            CheckpointMetadata meta = CheckpointStorage.verify(chk).metadata();
            assertThat(meta.sharedFiles().isEmpty()).isEqualTo(!incremental);
            meta.sharedFiles().forEach(e -> referenced.add(e.sharedPath()));
        }
        assertThat(new CheckpointStorage(jobDir, 2).sharedFiles()).containsExactlyInAnyOrderElementsOf(referenced);

        JobResult resumed = LocalJob.submit(TestPlans.windowPlan(job, data, sink, Map.of()), config,
                StateBackendFactory.DEFAULT).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).contains("chk-");
        assertThat(resumed.rowsRead()).isLessThan(ROWS);
        assertThat(WindowReference.sortedText(ValuesRegistry.committed(sink)))
                .isEqualTo(WindowReference.expected(input));
        assertThat(jobDir).doesNotExist();
    }
}

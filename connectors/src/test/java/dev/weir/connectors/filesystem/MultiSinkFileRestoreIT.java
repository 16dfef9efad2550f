package dev.weir.connectors.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weir.core.config.Configuration;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import dev.weir.executor.runtime.LocalJob;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One source fanned out to two exactly-once filesystem sinks: cancelled at parallelism 2 after some
 * checkpoints, resumed at parallelism 1, each sink holds every row of its branch exactly once.
 */
class MultiSinkFileRestoreIT {
    private static final RowType SCHEMA = RowType.builder().add("id", DataType.bigint()).build();
    private static final int ROWS = 4000;

    @TempDir
    Path tmp;

    private PhysicalPlan plan(Path all, Path thirds) {
        SourceSpec source = new SourceSpec("source-gen", "gen", SCHEMA, Map.of("connector", "datagen",
                "rows-per-second", "4000", "fields.id.kind", "sequence", "fields.id.start", "0", "fields.id.end",
                Integer.toString(ROWS - 1)));
        CalcSpec everyThird = new CalcSpec("calc-thirds", SCHEMA, List.of(row -> row.field(0)), List.of("id"),
                row -> (Long) row.field(0) % 3 == 0, "MOD(id, 3) = 0");
        List<OperatorSpec> ops = List.of(source, sink("sink-all", all), everyThird, sink("sink-thirds", thirds));
        return new PhysicalPlan("fan-out-files", ops, List.of(List.of(), List.of(0), List.of(0), List.of(2)));
    }

    private static SinkSpec sink(String id, Path dir) {
        return new SinkSpec(id, id, SCHEMA, Map.of("connector", "filesystem", "path", dir.toString(),
                "format", "csv"));
    }

    private Configuration config(int parallelism) {
        return Configuration.empty()
                .with("parallelism.default", Integer.toString(parallelism))
                .with("execution.checkpointing.interval", "50 ms")
                .with("state.checkpoints.dir", tmp.resolve("checkpoints").toString())
                .with("io.tmp.dirs", tmp.resolve("work").toString());
    }

    /** The ids in the visible (committed) part files of {@code dir}, sorted. */
    private static List<Long> committedIds(Path dir) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "part-*")) {
            for (Path f : files) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        ids.add(Long.parseLong(line.trim()));
                    }
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    @Test
    void bothSinksAreExactlyOnceAcrossARescaledRestore() throws Exception {
        Path all = tmp.resolve("all");
        Path thirds = tmp.resolve("thirds");

        JobHandle first = LocalJob.submit(plan(all, thirds), config(2));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (first.metrics().completedCheckpoints() < 3) {
            if (first.await(5, TimeUnit.MILLISECONDS).isPresent()) {
                fail("job ended before its third checkpoint: " + first.await());
            }
            if (System.nanoTime() > deadline) {
                fail("no third checkpoint within 30 s: " + first.metrics());
            }
        }
        first.cancel();
        JobResult cancelled = first.await();
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(committedIds(all)).as("committed before the cancel").isNotEmpty();

        JobResult resumed = LocalJob.submit(plan(all, thirds), config(1)).await();

        assertThat(resumed.status()).as("failure: %s", resumed.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(resumed.restoredFrom()).contains("chk-");
        assertThat(committedIds(all)).isEqualTo(LongStream.range(0, ROWS).boxed().toList());
        assertThat(committedIds(thirds)).isEqualTo(LongStream.range(0, ROWS).filter(i -> i % 3 == 0).boxed().toList());
    }
}

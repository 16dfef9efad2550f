package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weir.core.config.Configuration;
import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import dev.weir.executor.runtime.LocalJob;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Running a SQL script's job in-process for stop-with-savepoint tests: a fault-free run, a run stopped
 * with a savepoint part-way through its input, and the run resumed from it, each at a given parallelism
 * and state backend, with its checkpoints, savepoints and spill files under one directory.
 */
final class SavepointRuns {
    private final Path dir;

    /** @param dir where checkpoints ({@code checkpoints-NAME}), savepoints and work files go */
    SavepointRuns(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir is null");
    }

    Configuration config(int parallelism, String backend, String name) {
        return Configuration.empty()
                .with("pipeline.name", name)
                .with("parallelism.default", Integer.toString(parallelism))
                .with("state.backend.type", backend)
                .with("execution.checkpointing.interval", "50 ms")
                .with("execution.checkpointing.dir", dir.resolve("checkpoints-" + name).toString())
                .with("state.savepoints.dir", dir.resolve("savepoints").toString())
                .with("io.tmp.dirs", dir.resolve("work").toString());
    }

    /** Executes the script's statements and submits its (single) job. */
    static JobHandle submit(String sql, Configuration config) {
        Script script = new Script("savepoint-run.sql", sql);
        SqlSession session = new SqlSession(config);
        JobHandle handle = null;
        for (Statement s : ScriptParser.parse(script)) {
            if (session.execute(s, script) instanceof StatementResult.RunJob job) {
                handle = LocalJob.submit(job.plan(), job.config());
            }
        }
        assertThat(handle).as("the script has a job").isNotNull();
        return handle;
    }

    /**
     * Runs the job until it has read {@code readFirst} rows and completed a checkpoint, then stops it
     * with a savepoint, checking that it had not read all {@code totalRows}.
     */
    Path stopWithSavepoint(String sql, int parallelism, String backend, long readFirst, long totalRows)
            throws Exception {
        JobHandle handle = submit(sql, config(parallelism, backend, "first"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (handle.metrics().rowsRead() < readFirst || handle.metrics().completedCheckpoints() < 1) {
            if (handle.await(5, TimeUnit.MILLISECONDS).isPresent() || System.nanoTime() > deadline) {
                fail("job ended or stalled before the savepoint: " + handle.metrics());
            }
        }
        Path savepoint = handle.stopWithSavepoint().get(30, TimeUnit.SECONDS);
        JobResult stopped = handle.await();
        assertThat(stopped.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stopped.rowsRead()).as("stopped part-way").isLessThan(totalRows);
        return savepoint;
    }

    /**
     * Runs the job to its end, from {@code savepoint} if not null (then it must read fewer than
     * {@code totalRows}: only the rest), and checks that it finished without dropping late rows.
     */
    JobResult finish(String sql, int parallelism, String backend, Path savepoint, String name, long totalRows)
            throws Exception {
        Configuration config = config(parallelism, backend, name);
        if (savepoint != null) {
            config = config.with("execution.state-recovery.path", savepoint.toString());
        }
        JobResult result = submit(sql, config).await();
        assertThat(result.status()).as("failure: %s", result.failureCause()).isEqualTo(JobStatus.FINISHED);
        assertThat(result.lateRowsDropped()).as("late rows dropped").isZero();
        if (savepoint != null) {
            assertThat(result.restoredFrom()).isNotNull();
            assertThat(result.rowsRead()).as("the resumed job reads only the rest").isLessThan(totalRows);
        } else {
            assertThat(result.rowsRead()).isEqualTo(totalRows);
        }
        return result;
    }

    static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        Collections.sort(copy);
        return copy;
    }
}

package dev.weir.executor.runtime;

import dev.weir.core.config.Configuration;
import dev.weir.core.type.RowType;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.checkpoint.CheckpointTrigger;
import dev.weir.executor.checkpoint.CompletedCheckpoint;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.operators.StateBackendFactory;
import dev.weir.executor.plan.PhysicalPlan;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan at parallelism 1 on the current thread: finds the restore point, builds the operators
 * ({@link LocalPipeline}: each source reader → its chained operators → (through a join or union,
 * where branches meet) → the sinks; an operator feeding several hands each row to all of them), then
 * loops until the input ends or the job is cancelled, and reports the result.
 *
 * <p>Between two polls of the readers ({@link LocalSources}, round robin) the task handles a pending
 * checkpoint or savepoint request ({@link LocalCheckpoints}) and a cancel request; operators therefore
 * never see concurrent calls. Everything here is per job, not per row: the per-row path is a reader's
 * emit → {@link ChainedOutput} (or {@link MultiInputOutput} into a join or union) → operators.
 */
final class StreamTask {
    private static final Logger LOG = LoggerFactory.getLogger(StreamTask.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long METRICS_PUBLISH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PhysicalPlan plan;
    private final Configuration config;
    private final JobHandle handle;
    private final String jobName;
    private final LocalPipeline pipeline;
    /** Null until the pipeline is built. */
    private LocalCheckpoints checkpoints;

    StreamTask(PhysicalPlan plan, Configuration config, StateBackendFactory backends, JobHandle handle) {
        this.plan = plan;
        this.config = config;
        this.handle = handle;
        this.jobName = handle.jobName();
        this.pipeline = new LocalPipeline(plan, config, backends, jobName);
    }

    void run() {
        long startNanos = System.nanoTime();
        JobStatus status;
        Throwable failure = null;
        String restoredFrom = null;
        CheckpointTrigger trigger = null;
        try {
            Path root = Path.of(config.get(ExecutionOptions.CHECKPOINTS_DIRECTORY));
            CheckpointStorage storage = new CheckpointStorage(root.resolve(CheckpointStorage.fileSafe(jobName)),
                    config.get(ExecutionOptions.CHECKPOINTS_NUM_RETAINED), config.get(ExecutionOptions.ON_DAMAGED_CHECKPOINT),
                    config.get(ExecutionOptions.STATE_BACKEND_INCREMENTAL));
            List<String> statefulIds = RestoreMapping.statefulOperatorIds(plan.operators(), jobName);
            Optional<CompletedCheckpoint> restore =
                    storage.findRestorePoint(config.get(ExecutionOptions.STATE_RECOVERY_PATH));
            // the plan's stateful operators whose state the restore point holds; none on a fresh start
            Set<String> restoredIds = Set.of();
            if (restore.isPresent()) {
                CompletedCheckpoint chk = restore.get();
                restoredFrom = chk.directory().toString();
                restoredIds = RestoreMapping.checkOperatorsMatch(chk, statefulIds, ParallelJob.sinkIds(plan), jobName,
                        config.get(ExecutionOptions.IGNORE_UNCLAIMED_STATE));
                logRestore(chk);
            } else if (config.get(ExecutionOptions.CHECKPOINTING_INTERVAL) != null) {
                LOG.info("Job '{}' starts fresh (no checkpoint under {})", jobName, storage.jobDir());
            }
            long firstCheckpointId = Math.max(storage.highestCheckpointId(),
                    restore.map(CompletedCheckpoint::checkpointId).orElse(0L)) + 1;
            pipeline.build(restore.orElse(null), restoredIds);
            checkpoints = new LocalCheckpoints(pipeline, storage, config, handle, statefulIds, firstCheckpointId,
                    () -> handle.publish(snapshotMetrics()));
            trigger = new CheckpointTrigger(config.get(ExecutionOptions.CHECKPOINTING_INTERVAL), jobName);
            status = runLoop(trigger, new LocalSources(pipeline));
            checkpoints.endCheckpoints(status);
            if (status == JobStatus.FINISHED) {
                // A finished bounded job leaves nothing to resume: the next run of the script starts fresh.
                storage.deleteAll();
            }
        } catch (Throwable t) {
            failure = OperatorException.unwrap(t);
            status = JobStatus.FAILED;
        } finally {
            if (trigger != null) {
                trigger.close();
            }
            if (checkpoints != null) {
                checkpoints.close(); // before the backends close; aborts what is still in flight
            }
        }
        Throwable closeFailure = pipeline.close();
        if (failure == null && closeFailure != null && status == JobStatus.FINISHED) {
            failure = closeFailure;
            status = JobStatus.FAILED;
        }
        JobMetrics finalMetrics = snapshotMetrics();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        JobResult result = new JobResult(jobName, status, failure, finalMetrics.rowsRead(), finalMetrics.rowsWritten(),
                finalMetrics.lateRowsDropped(), finalMetrics.completedCheckpoints(), restoredFrom, elapsedMillis,
                finalMetrics);
        // The result carries the failure to the caller, who reports it to the user once; the log
        // keeps the details (stack trace, per-operator figures) for debugging.
        if (status == JobStatus.FAILED) {
            LOG.debug("Job '{}' FAILED after {} ms: {} | {}", jobName, elapsedMillis, failure, finalMetrics.summary(),
                    failure);
        } else {
            LOG.debug("Job '{}' {} in {} ms: {}", jobName, status, elapsedMillis, finalMetrics.summary());
        }
        handle.complete(result);
    }

    private void logRestore(CompletedCheckpoint chk) {
        if (chk.metadata().parallelism() == LocalPipeline.PARALLELISM) {
            LOG.info("Job '{}' resumes from checkpoint {} (id {}, taken at {})", jobName, chk.directory(),
                    chk.checkpointId(), java.time.Instant.ofEpochMilli(chk.metadata().timestampMillis()));
        } else {
            ParallelJob.logRestore(LOG, jobName, chk, LocalPipeline.PARALLELISM);
        }
    }

    /** The row types operator {@code index} of {@code plan} receives, one per input. */
    static List<RowType> inputTypes(PhysicalPlan plan, int index) {
        List<RowType> types = new ArrayList<>();
        for (int input : plan.inputsOf(index)) {
            types.add(plan.operators().get(input).outputType());
        }
        return types;
    }

    /** The first of {@code io.tmp.dirs}; a parallel runtime would spread subtasks over all of them. */
    static Path firstTmpDir(Configuration config) throws IOException {
        String dirs = config.get(ExecutionOptions.TMP_DIRS);
        String first = dirs.split("[," + java.util.regex.Pattern.quote(File.pathSeparator) + "]")[0].trim();
        Path dir = Path.of(first.isEmpty() ? System.getProperty("java.io.tmpdir") : first);
        Files.createDirectories(dir);
        return dir;
    }

    private JobStatus runLoop(CheckpointTrigger trigger, LocalSources sources) throws Exception {
        long nextPublish = System.nanoTime() + METRICS_PUBLISH_NANOS;
        while (true) {
            if (handle.isCancelRequested()) {
                return JobStatus.CANCELLED;
            }
            JobHandle.SavepointRequest savepoint = handle.nextSavepointRequest();
            if (savepoint != null) {
                // checkpoints in flight end first: a savepoint's commit must not overtake their _metadata
                checkpoints.drainCheckpoints(true);
                checkpoints.savepoint(savepoint);
                if (savepoint.stop()) {
                    return JobStatus.CANCELLED;
                }
            }
            checkpoints.endedCheckpoints(true);
            if (checkpoints.mayStart() && trigger.takeRequest()) {
                checkpoints.checkpoint();
            }
            InputStatus status = sources.pollOnce();
            if (status == InputStatus.END_OF_INPUT) {
                return JobStatus.FINISHED;
            }
            if (status == InputStatus.NOTHING_AVAILABLE) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
            long now = System.nanoTime();
            if (now - nextPublish >= 0) {
                handle.publish(snapshotMetrics());
                nextPublish = now + METRICS_PUBLISH_NANOS;
            }
        }
    }

    private JobMetrics snapshotMetrics() {
        LocalCheckpoints c = checkpoints;
        return c == null ? pipeline.metrics(0, List.of()) : pipeline.metrics(c.completedCount(), c.stats());
    }
}

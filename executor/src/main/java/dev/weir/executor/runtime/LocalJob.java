package dev.weir.executor.runtime;

import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.executor.operators.StateBackendFactory;
import dev.weir.executor.plan.PhysicalPlan;
import java.util.Objects;

/**
 * Runs a {@link PhysicalPlan} in this JVM, on its own thread (every operator at parallelism 1) or on one
 * thread per subtask ({@code parallelism.default}, {@code scan.parallelism} or {@code sink.parallelism} above 1,
 * see {@link ParallelJob}), with event time, periodic
 * exactly-once checkpoints ({@link ExecutionOptions}) and automatic resume from the job's latest
 * checkpoint.
 *
 * <pre>{@code
 * JobHandle job = LocalJob.submit(plan, config);
 * JobResult result = job.await();
 * }</pre>
 */
public final class LocalJob {
    private LocalJob() {
    }

    public static JobHandle submit(PhysicalPlan plan, Configuration config) {
        return submit(plan, config, StateBackendFactory.DEFAULT);
    }

    /** As {@link #submit(PhysicalPlan, Configuration)}, with another source of state backends. */
    public static JobHandle submit(PhysicalPlan plan, Configuration config, StateBackendFactory backends) {
        Objects.requireNonNull(plan, "plan is null");
        Objects.requireNonNull(config, "config is null");
        Objects.requireNonNull(backends, "backends is null");
        String jobName = config.get(ExecutionOptions.PIPELINE_NAME);
        if (jobName == null || jobName.isBlank()) {
            jobName = plan.jobName();
        }
        int parallelism = config.get(ExecutionOptions.PARALLELISM);
        if (parallelism < 1) {
            throw new WeirException("parallelism.default must be at least 1, got " + parallelism + ".");
        }
        // one thread unless some stage needs more subtasks (parallelism.default, scan/sink.parallelism)
        boolean parallel = TableParallelism.isParallel(plan, parallelism, config.get(ExecutionOptions.MAX_PARALLELISM));
        JobHandle handle = new JobHandle(jobName);
        Runnable task = !parallel
                ? new StreamTask(plan, config, backends, handle)::run // fully chained on one thread, no queues
                : new ParallelJob(plan, config, backends, handle, parallelism)::run;
        Thread thread = new Thread(task, "weir-job-" + jobName);
        thread.start();
        return handle;
    }
}

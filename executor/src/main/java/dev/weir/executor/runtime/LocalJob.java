package dev.weir.executor.runtime;

import dev.weir.core.config.Configuration;
import dev.weir.executor.operators.StateBackendFactory;
import dev.weir.executor.plan.PhysicalPlan;
import java.util.Objects;

/**
 * Runs a {@link PhysicalPlan} in this JVM, on its own thread, with event time, periodic
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
        JobHandle handle = new JobHandle(jobName);
        StreamTask task = new StreamTask(plan, config, backends, handle);
        Thread thread = new Thread(task::run, "weir-job-" + jobName);
        thread.start();
        return handle;
    }
}

package dev.weir.executor.runtime;

/**
 * Lifecycle of a local job.
 *
 * <pre>
 *   RUNNING ──► FINISHED    bounded input done, everything committed
 *      │ ├────► FAILED      an error anywhere; pending output abandoned
 *      │ └────► CANCELLED   {@link JobHandle#cancel()}; checkpoints kept for the next run
 * </pre>
 */
public enum JobStatus {
    RUNNING,
    FINISHED,
    FAILED,
    CANCELLED;

    public boolean isTerminal() {
        return this != RUNNING;
    }
}

package dev.weir.executor.checkpoint;

/**
 * What a restore does when the newest retained checkpoint fails verification
 * ({@code execution.state-recovery.on-damaged-checkpoint}). Either way a job never starts from
 * empty state while a damaged checkpoint is all there is.
 */
public enum DamagedCheckpointPolicy {
    /** Warn naming the damaged file and resume from the newest older checkpoint that verifies. */
    FALLBACK,
    /** Refuse to start, naming the damaged file, so that a person decides what to do. */
    FAIL
}

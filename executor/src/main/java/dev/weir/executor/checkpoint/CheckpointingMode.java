package dev.weir.executor.checkpoint;

/** How barriers pass a subtask with several input channels ({@code execution.checkpointing.mode}). */
public enum CheckpointingMode {
    /** A channel that delivered barrier N is blocked until every channel delivered it: no row is counted twice. */
    EXACTLY_ONCE,
    /** Barriers are counted but no channel is blocked: after a restore some rows may be processed twice. */
    AT_LEAST_ONCE
}

package dev.weir.executor.connector;

import dev.weir.core.Row;

/**
 * Writes rows of a sink table. Two-phase commit: rows written since the last checkpoint are
 * pending until {@link #prepareCommit} closes them into a committable, which becomes visible
 * only in {@link #commit} after the checkpoint completes. A writer restored from a checkpoint
 * receives that checkpoint's committables and commits them again (commit is idempotent).
 */
public interface SinkWriter extends AutoCloseable {

    void write(Row row) throws Exception;

    /** Flush and close what is pending for checkpoint {@code checkpointId}; return what to commit. */
    byte[] prepareCommit(long checkpointId) throws Exception;

    /** Make the committables of checkpoint {@code checkpointId} (and earlier) visible. Idempotent. */
    void commit(long checkpointId) throws Exception;

    /** End of a bounded job: flush and make everything visible. */
    void finish() throws Exception;

    /** Abandon pending output (job failed or cancelled): nothing uncommitted may become visible. */
    @Override
    default void close() throws Exception {
    }
}

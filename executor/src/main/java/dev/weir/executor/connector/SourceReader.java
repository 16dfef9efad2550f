package dev.weir.executor.connector;

import dev.weir.core.Row;
import java.util.function.Consumer;

/**
 * Reads one split of a source table on the task thread. The runtime calls {@link #pollNext}
 * in a loop and, between calls, may take a checkpoint: {@link #snapshotPosition} must then
 * describe exactly the rows emitted so far, so that a reader restored from it emits the rest.
 */
public interface SourceReader extends AutoCloseable {

    /** Emits zero or more rows (a small batch) to {@code out}. */
    InputStatus pollNext(Consumer<Row> out) throws Exception;

    /** The read position after the last emitted row, in the reader's own binary form. */
    byte[] snapshotPosition(long checkpointId) throws Exception;

    /**
     * Malformed records skipped so far because the table is configured to skip them (such as
     * {@code json.ignore-parse-errors}); the job's metrics report the sum. Read from another thread
     * for metrics, so a slightly stale value is fine.
     */
    default long skippedRecords() {
        return 0;
    }

    /**
     * The splits this reader interleaves, so the watermark is kept per split (see {@link SourceSplits});
     * null (the default) when the reader is one split.
     */
    default SourceSplits splits() {
        return null;
    }

    @Override
    default void close() throws Exception {
    }
}

package dev.weir.executor.connector;

import dev.weir.core.WeirException;
import dev.weir.core.type.DataType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A connector, found through {@link java.util.ServiceLoader} by the value of the table's
 * {@code 'connector'} option. Options outside {@link #requiredOptions()} and
 * {@link #optionalOptions()} are rejected by the planner with a message listing the valid ones
 * (keys ending with a {@code .*} pattern, such as {@code fields.*.kind}, match by prefix).
 */
public interface ConnectorFactory {
    String identifier();

    Set<String> requiredOptions();

    Set<String> optionalOptions();

    /**
     * Checks option values and the schema before any job starts; throws
     * {@link dev.weir.core.WeirException} naming the option key and what is wrong.
     */
    default void validate(TableContext context, boolean asSource) {
    }

    /**
     * The metadata keys a source table may declare as {@code METADATA} columns, with the type of each (in
     * the order to list them to users). A reader gets them as columns of its schema named in
     * {@link TableContext#metadataColumns()}. None by default: the planner then refuses metadata columns.
     */
    default Map<String, DataType> readableMetadata() {
        return Map.of();
    }

    /**
     * The metadata keys a sink writes from non-VIRTUAL {@code METADATA} columns, with their types. A
     * non-VIRTUAL metadata column of another readable key is refused for a sink (declare it VIRTUAL).
     */
    default Map<String, DataType> writableMetadata() {
        return Map.of();
    }

    /** Whether the connector can read; {@link #createReader} throws otherwise. */
    default boolean isSource() {
        return false;
    }

    default boolean isSink() {
        return false;
    }

    /**
     * Whether the sink accepts update and delete changes (-U, +U, -D) besides inserts. The planner
     * refuses to write an updating query (e.g. a non-windowed GROUP BY) into a sink that does not.
     */
    default boolean acceptsUpdates(TableContext context) {
        return false;
    }

    /**
     * Whether the source emits updates and deletes (-U, +U, -D) besides inserts (an upsert topic,
     * a Debezium changelog). The planner treats such a scan as an updating input: only sinks that
     * accept updates take it, and operators that need insert-only input refuse it.
     */
    default boolean producesUpdates(TableContext context) {
        return false;
    }

    /** Whether reading ends by itself (bounded), so the job finishes. */
    default boolean isBounded(TableContext context) {
        return true;
    }

    default SourceReader createReader(TableContext context) throws Exception {
        throw new UnsupportedOperationException(identifier() + " cannot be read");
    }

    default SinkWriter createWriter(TableContext context) throws Exception {
        throw new UnsupportedOperationException(identifier() + " cannot be written");
    }

    /**
     * Rescaling a source: the read position for new subtask {@code context.subtaskIndex()} of
     * {@code context.parallelism()}, given the positions every old subtask's reader snapshotted
     * (element {@code j} from old subtask {@code j}, possibly null). The positions handed to all new
     * subtasks together must make them read every record the old subtasks had not read yet exactly
     * once; the result is passed to {@link #createReader} as {@link TableContext#restoredState}.
     * By default only a source without positions (all null or empty) rescales; any other is refused.
     */
    default byte[] rescaledPosition(TableContext context, List<byte[]> oldPositions) {
        if (allEmpty(oldPositions)) {
            return null;
        }
        throw cannotRescale(context, oldPositions.size(), "read positions");
    }

    /**
     * Rescaling a sink: the committable for new subtask {@code context.subtaskIndex()} of
     * {@code context.parallelism()}, given those of every old subtask (element {@code j} from old
     * subtask {@code j}, possibly null). Each old subtask's committable must be taken over by exactly
     * one new subtask, so that its pending output is committed, and whatever it left uncommitted is
     * aborted, exactly once even when that old subtask no longer exists; the convention is that new
     * subtask {@code i} takes old subtasks {@code i, i + p', i + 2p', ...}. The result is passed to
     * {@link #createWriter} as {@link TableContext#restoredState}. By default only a sink without
     * committables (all null or empty) rescales; any other is refused.
     */
    default byte[] rescaledCommittable(TableContext context, List<byte[]> oldCommittables) {
        if (allEmpty(oldCommittables)) {
            return null;
        }
        throw cannotRescale(context, oldCommittables.size(), "pending output");
    }

    private static boolean allEmpty(List<byte[]> states) {
        for (byte[] b : states) {
            if (b != null && b.length > 0) {
                return false;
            }
        }
        return true;
    }

    private WeirException cannotRescale(TableContext context, int oldParallelism, String what) {
        return new WeirException("Table '" + context.tableName() + "': connector '" + identifier() + "' cannot resume"
                + " at another parallelism: the checkpoint holds the " + what + " of " + oldParallelism
                + " subtasks, which it cannot redistribute over " + context.parallelism() + ". Resume it at parallelism "
                + oldParallelism + " ('parallelism.default' = '" + oldParallelism + "', or the table's 'scan.parallelism'"
                + " / 'sink.parallelism' where it sets one), or start the job fresh.");
    }
}

package dev.weir.executor.connector;

import dev.weir.core.config.Configuration;
import dev.weir.core.type.RowType;
import java.util.Map;
import java.util.Objects;

/**
 * What a connector gets to build a reader or writer for one subtask.
 *
 * @param tableName     the table as the user named it, for messages
 * @param schema        the physical columns (computed columns are evaluated by the planner)
 * @param options       the table's WITH options, already validated against the factory
 * @param jobConfig     the job configuration (SET values)
 * @param subtaskIndex  this subtask, from 0
 * @param parallelism   the number of subtasks
 * @param restoredState bytes from {@link SourceReader#snapshotPosition} or
 *                      {@link SinkWriter#prepareCommit} of the checkpoint restored from, or null
 */
public record TableContext(String tableName, RowType schema, Map<String, String> options,
        Configuration jobConfig, int subtaskIndex, int parallelism, byte[] restoredState) {
    public TableContext {
        Objects.requireNonNull(tableName, "tableName is null");
        Objects.requireNonNull(schema, "schema is null");
        options = Map.copyOf(options);
        Objects.requireNonNull(jobConfig, "jobConfig is null");
    }

    public String option(String key) {
        return options.get(key);
    }
}

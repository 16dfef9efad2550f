package dev.weir.executor.connector;

import dev.weir.core.config.Configuration;
import dev.weir.core.type.RowType;
import java.util.ArrayList;
import java.util.List;
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
    /**
     * The option under which the planner passes a table's PRIMARY KEY columns to its connector
     * (upsert-kafka keys its records by them), written by {@link #encodePrimaryKey}. Users cannot
     * set it: no factory declares it, and option checks skip it.
     */
    public static final String PRIMARY_KEY_OPTION = "weir.primary-key";
    /**
     * The option under which the planner passes a table's METADATA columns to its connector, written by
     * {@link #encodeMetadata}: column name → metadata key, for every metadata column of the table (VIRTUAL
     * ones too). A column of {@link #schema} named here carries that metadata instead of record data; a
     * source's schema holds all of them, a sink's only the non-VIRTUAL ones. Users cannot set it.
     */
    public static final String METADATA_OPTION = "weir.metadata";

    public TableContext {
        Objects.requireNonNull(tableName, "tableName is null");
        Objects.requireNonNull(schema, "schema is null");
        options = Map.copyOf(options);
        Objects.requireNonNull(jobConfig, "jobConfig is null");
    }

    public String option(String key) {
        return options.get(key);
    }

    /** The table's PRIMARY KEY columns as the planner passed them, or an empty list. */
    public List<String> primaryKey() {
        return decodePrimaryKey(options.get(PRIMARY_KEY_OPTION));
    }

    /** The table's metadata columns (column name → metadata key) as the planner passed them, in column order. */
    public Map<String, String> metadataColumns() {
        List<String> flat = decodePrimaryKey(options.get(METADATA_OPTION));
        Map<String, String> columns = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            columns.put(flat.get(i), flat.get(i + 1));
        }
        return columns;
    }

    /** The value of {@link #METADATA_OPTION} for column name → metadata key, in the map's order. */
    public static String encodeMetadata(Map<String, String> columnToKey) {
        List<String> flat = new ArrayList<>();
        columnToKey.forEach((column, key) -> {
            flat.add(column);
            flat.add(key);
        });
        return encodePrimaryKey(flat);
    }

    /** The value of {@link #PRIMARY_KEY_OPTION}: each column in backticks (doubled inside), comma-separated. */
    public static String encodePrimaryKey(List<String> columns) {
        StringBuilder sb = new StringBuilder();
        for (String c : columns) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append('`').append(c.replace("`", "``")).append('`');
        }
        return sb.toString();
    }

    /** The columns of an {@link #encodePrimaryKey} value; empty for null. */
    public static List<String> decodePrimaryKey(String value) {
        List<String> columns = new ArrayList<>();
        if (value == null || value.isEmpty()) {
            return columns;
        }
        StringBuilder name = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '`') {
                if (quoted && i + 1 < value.length() && value.charAt(i + 1) == '`') {
                    name.append('`');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                columns.add(name.toString());
                name.setLength(0);
            } else {
                name.append(ch);
            }
        }
        columns.add(name.toString());
        return columns;
    }
}

package dev.weir.connectors.filesystem;

import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import java.util.List;
import java.util.Set;

/**
 * The {@code filesystem} connector: reads csv/json files (a file or a directory) and writes
 * exactly-once part files through hidden in-progress files renamed on checkpoint completion.
 */
public final class FileSystemConnectorFactory implements ConnectorFactory {
    public static final String IDENTIFIER = "filesystem";

    private static final Set<String> REQUIRED = Set.of(FileFormatOptions.PATH, FileFormatOptions.FORMAT);
    private static final Set<String> OPTIONAL = Set.of(
            FileFormatOptions.CSV_FIELD_DELIMITER, FileFormatOptions.CSV_QUOTE_CHARACTER,
            FileFormatOptions.CSV_ALLOW_COMMENTS, FileFormatOptions.CSV_IGNORE_PARSE_ERRORS,
            FileFormatOptions.CSV_NULL_LITERAL, FileFormatOptions.CSV_DISABLE_QUOTE_CHARACTER,
            FileFormatOptions.CSV_ESCAPE_CHARACTER,
            FileFormatOptions.JSON_IGNORE_PARSE_ERRORS, FileFormatOptions.JSON_FAIL_ON_MISSING_FIELD,
            FileFormatOptions.DEBEZIUM_IGNORE_PARSE_ERRORS,
            FileFormatOptions.JSON_TIMESTAMP_FORMAT_STANDARD, FileFormatOptions.SOURCE_MONITOR_INTERVAL,
            dev.weir.executor.runtime.TableParallelism.SCAN_PARALLELISM,
            dev.weir.executor.runtime.TableParallelism.SINK_PARALLELISM);

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<String> requiredOptions() {
        return REQUIRED;
    }

    @Override
    public Set<String> optionalOptions() {
        return OPTIONAL;
    }

    @Override
    public boolean isSource() {
        return true;
    }

    @Override
    public boolean isSink() {
        return true;
    }

    @Override
    public void validate(TableContext context, boolean asSource) {
        FileFormatOptions.from(context);
    }

    /** With a changelog format ({@code debezium-json}) the sink writes updates and deletes too. */
    @Override
    public boolean acceptsUpdates(TableContext context) {
        return FileFormatOptions.from(context).format().isChangelog();
    }

    /** With a changelog format ({@code debezium-json}) the files are read as updates and deletes too. */
    @Override
    public boolean producesUpdates(TableContext context) {
        return FileFormatOptions.from(context).format().isChangelog();
    }

    @Override
    public boolean isBounded(TableContext context) {
        // source.monitor-interval (continuous monitoring) is accepted but not implemented yet.
        return true;
    }

    @Override
    public SourceReader createReader(TableContext context) throws Exception {
        validate(context, true);
        return new FileSourceReader(FileFormatOptions.from(context), context);
    }

    /** Each file's progress goes to the file's new owner ({@link FilePositions#rescale}). */
    @Override
    public byte[] rescaledPosition(TableContext context, List<byte[]> oldPositions) {
        FileFormatOptions options = FileFormatOptions.from(context);
        return FilePositions.rescale(options.table(), options.path(), oldPositions, context.subtaskIndex(),
                context.parallelism());
    }

    /** New subtask i commits or rolls back the files of old subtasks i, i + p', ... ({@link FileSinkWriter}). */
    @Override
    public byte[] rescaledCommittable(TableContext context, List<byte[]> oldCommittables) {
        return FileSinkWriter.rescaledCommittable(oldCommittables, context.subtaskIndex(), context.parallelism());
    }

    @Override
    public SinkWriter createWriter(TableContext context) throws Exception {
        return new FileSinkWriter(FileFormatOptions.from(context), context);
    }
}

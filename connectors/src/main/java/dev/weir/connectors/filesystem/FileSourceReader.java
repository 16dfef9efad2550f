package dev.weir.connectors.filesystem;

import dev.weir.connectors.format.BadRecordException;
import dev.weir.connectors.format.CsvRowDecoder;
import dev.weir.connectors.format.JsonRowDecoder;
import dev.weir.connectors.format.RowDecoder;
import dev.weir.connectors.format.debezium.DebeziumJsonDecoder;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.WeirException;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one subtask's files of a csv/json table, record by record. The position is (file name,
 * byte offset after the last emitted or skipped record, next line number), so a restored reader
 * continues exactly after the last row it emitted; after a rescale, per file how far it was read
 * ({@link FilePositions}).
 */
public final class FileSourceReader implements SourceReader {
    private static final Logger LOG = LoggerFactory.getLogger(FileSourceReader.class);
    private static final int BATCH_SIZE = 1024;

    private final FileFormatOptions options;
    private final List<Path> files;
    /** Csv and json: one row per record. */
    private final RowDecoder decoder;
    /** Debezium-json: each record's changes (-U and +U for an update); null for the other formats. */
    private final DebeziumJsonDecoder changes;
    private final boolean skipComments;
    private int fileIndex;
    private long offset;
    private long line = 1;
    private RecordScanner scanner;
    /** Per file, how far it was read before the restore (null: unread); null when not restored. */
    private FilePositions.Progress[] restored;
    private long skipped;
    private final List<Row> decoded = new ArrayList<>(2);
    private boolean sampleLogged;

    FileSourceReader(FileFormatOptions options, TableContext context) throws IOException {
        this.options = Objects.requireNonNull(options, "options is null");
        this.files = SourceFiles.forSubtask(options.table(), options.path(), context.subtaskIndex(),
                context.parallelism());
        this.decoder = options.format() == FileFormatOptions.Format.CSV
                ? new CsvRowDecoder(context.schema(), options.fieldDelimiter(), options.quoteCharacter(),
                        options.escapeCharacter(), options.nullLiteral(), options.zone())
                : new JsonRowDecoder(context.schema(), options.failOnMissingField(), options.zone());
        this.changes = options.format().isChangelog()
                ? new DebeziumJsonDecoder(context.schema(), false, options.zone()) : null;
        this.skipComments = options.format() == FileFormatOptions.Format.CSV && options.allowComments();
        if (context.restoredState() != null) {
            restore(context.restoredState());
        }
    }

    private void restore(byte[] state) {
        List<String> names = new ArrayList<>(files.size());
        for (Path f : files) {
            names.add(f.getFileName().toString());
        }
        // files are matched by name: the directory may have gained files since the checkpoint
        Map<String, FilePositions.Progress> progress = FilePositions.decode(options.table(), state, names);
        restored = new FilePositions.Progress[files.size()];
        for (int i = 0; i < files.size(); i++) {
            restored[i] = progress.get(names.get(i));
        }
        fileIndex = -1;
        nextFile();
    }

    /** Moves to the next file not read completely before the restore, at the offset it was read up to. */
    private void nextFile() {
        fileIndex++;
        offset = 0;
        line = 1;
        if (restored == null) {
            return;
        }
        while (fileIndex < files.size() && restored[fileIndex] != null && restored[fileIndex].done()) {
            fileIndex++;
        }
        if (fileIndex < files.size() && restored[fileIndex] != null) {
            offset = restored[fileIndex].offset();
            line = restored[fileIndex].line();
        }
    }

    @Override
    public InputStatus pollNext(Consumer<Row> out) throws IOException {
        int emitted = 0;
        while (emitted < BATCH_SIZE) {
            if (fileIndex >= files.size()) {
                return InputStatus.END_OF_INPUT;
            }
            if (scanner == null) {
                scanner = new RecordScanner(files.get(fileIndex), offset, line,
                        options.format() == FileFormatOptions.Format.CSV ? options.quoteCharacter() : -1,
                        options.format() == FileFormatOptions.Format.CSV ? options.escapeCharacter() : -1);
            }
            if (!scanner.next()) {
                scanner.close();
                scanner = null;
                nextFile();
                continue;
            }
            int length = scanner.recordLength();
            byte[] buf = scanner.buffer();
            int start = scanner.recordStart();
            boolean blank = length == 0 || (skipComments && buf[start] == '#');
            Object[] values = null;
            decoded.clear();
            if (!blank) {
                try {
                    if (changes != null) {
                        changes.decode(Arrays.copyOfRange(buf, start, start + length), decoded::add);
                    } else {
                        values = decoder.decode(buf, start, length);
                    }
                } catch (BadRecordException e) {
                    decoded.clear();
                    badRecord(e, scanner.recordLine());
                }
            }
            // advance the position before handing the rows out: the runtime may snapshot right after this call
            offset = scanner.endOffset();
            line = scanner.nextLine();
            if (values != null) {
                out.accept(Row.wrap(RowKind.INSERT, values));
                emitted++;
            }
            for (int i = 0; i < decoded.size(); i++) { // an update's -U and +U leave in the same call
                out.accept(decoded.get(i));
                emitted++;
            }
        }
        return InputStatus.MORE_AVAILABLE;
    }

    private void badRecord(BadRecordException e, long recordLine) {
        String where = files.get(fileIndex) + ":" + recordLine;
        if (!options.ignoreParseErrors()) {
            String key = FileFormatOptions.ignoreParseErrorsKey(options.format());
            throw new WeirException(where + ": " + e.getMessage() + " (table '" + options.table() + "'). Fix the "
                    + "record, or set '" + key + "' = 'true' to skip malformed records.");
        }
        skipped++;
        ParseErrorCounters.increment(options.table());
        if (!sampleLogged) {
            sampleLogged = true;
            LOG.warn("Table '{}': skipping malformed records (first one at {}: {}); further ones are only counted.",
                    options.table(), where, e.getMessage());
        }
    }

    /** Records this reader skipped because of {@code *.ignore-parse-errors}. */
    public long skippedRecords() {
        return skipped;
    }

    @Override
    public byte[] snapshotPosition(long checkpointId) {
        boolean done = fileIndex >= files.size();
        if (restored != null) {
            for (int i = fileIndex + 1; i < files.size(); i++) {
                if (restored[i] != null) {
                    return perFilePosition(); // a later file was (partly) read before a rescale
                }
            }
        }
        return FilePositions.encodeCursor(done, done ? "" : files.get(fileIndex).getFileName().toString(), offset,
                line);
    }

    private byte[] perFilePosition() {
        Map<String, FilePositions.Progress> progress = new java.util.TreeMap<>();
        for (int i = 0; i < files.size(); i++) {
            String name = files.get(i).getFileName().toString();
            if (i < fileIndex) {
                progress.put(name, FilePositions.Progress.DONE);
            } else if (i == fileIndex) {
                progress.put(name, new FilePositions.Progress(false, offset, line));
            } else if (restored[i] != null) {
                progress.put(name, restored[i]);
            }
        }
        return FilePositions.encodePerFile(progress);
    }

    @Override
    public void close() throws IOException {
        if (scanner != null) {
            scanner.close();
            scanner = null;
        }
    }
}

package dev.weir.connectors.filesystem;

import dev.weir.connectors.format.BadRecordException;
import dev.weir.connectors.format.CsvRowDecoder;
import dev.weir.connectors.format.JsonRowDecoder;
import dev.weir.connectors.format.RowDecoder;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.WeirException;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one subtask's files of a csv/json table, record by record. The position is (file name,
 * byte offset after the last emitted or skipped record, next line number), so a restored reader
 * continues exactly after the last row it emitted.
 */
public final class FileSourceReader implements SourceReader {
    private static final Logger LOG = LoggerFactory.getLogger(FileSourceReader.class);
    private static final int BATCH_SIZE = 1024;
    private static final byte POSITION_VERSION = 1;

    private final FileFormatOptions options;
    private final List<Path> files;
    private final RowDecoder decoder;
    private final boolean skipComments;
    private int fileIndex;
    private long offset;
    private long line = 1;
    private RecordScanner scanner;
    private long skipped;
    private boolean sampleLogged;

    FileSourceReader(FileFormatOptions options, TableContext context) throws IOException {
        this.options = Objects.requireNonNull(options, "options is null");
        this.files = SourceFiles.forSubtask(options.table(), options.path(), context.subtaskIndex(),
                context.parallelism());
        this.decoder = options.format() == FileFormatOptions.Format.CSV
                ? new CsvRowDecoder(context.schema(), options.fieldDelimiter(), options.quoteCharacter(),
                        options.escapeCharacter(), options.nullLiteral(), options.zone())
                : new JsonRowDecoder(context.schema(), options.failOnMissingField(), options.zone());
        this.skipComments = options.format() == FileFormatOptions.Format.CSV && options.allowComments();
        if (context.restoredState() != null) {
            restore(context.restoredState());
        }
    }

    private void restore(byte[] state) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(state));
        if (in.readByte() != POSITION_VERSION) {
            throw new WeirException("Table '" + options.table() + "': the file source position in the checkpoint has "
                    + "an unknown version. Restore from a checkpoint written by this Weir version.");
        }
        boolean done = in.readBoolean();
        String name = in.readUTF();
        long savedOffset = in.readLong();
        long savedLine = in.readLong();
        if (done) {
            fileIndex = files.size();
            return;
        }
        // find the file by name: the directory may have gained files since the checkpoint
        for (int i = 0; i < files.size(); i++) {
            int cmp = files.get(i).getFileName().toString().compareTo(name);
            if (cmp == 0) {
                fileIndex = i;
                offset = savedOffset;
                line = savedLine;
                return;
            }
            if (cmp > 0) {
                LOG.warn("Table '{}': file '{}' from the checkpoint is gone; continuing with '{}'.", options.table(),
                        name, files.get(i));
                fileIndex = i;
                return;
            }
        }
        fileIndex = files.size();
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
                fileIndex++;
                offset = 0;
                line = 1;
                continue;
            }
            int length = scanner.recordLength();
            byte[] buf = scanner.buffer();
            int start = scanner.recordStart();
            boolean blank = length == 0 || (skipComments && buf[start] == '#');
            Object[] values = null;
            if (!blank) {
                try {
                    values = decoder.decode(buf, start, length);
                } catch (BadRecordException e) {
                    badRecord(e, scanner.recordLine());
                }
            }
            // advance the position before handing the row out: the runtime may snapshot right after
            offset = scanner.endOffset();
            line = scanner.nextLine();
            if (values != null) {
                out.accept(Row.wrap(RowKind.INSERT, values));
                emitted++;
            }
        }
        return InputStatus.MORE_AVAILABLE;
    }

    private void badRecord(BadRecordException e, long recordLine) {
        String where = files.get(fileIndex) + ":" + recordLine;
        if (!options.ignoreParseErrors()) {
            String key = options.format() == FileFormatOptions.Format.CSV ? FileFormatOptions.CSV_IGNORE_PARSE_ERRORS
                    : FileFormatOptions.JSON_IGNORE_PARSE_ERRORS;
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
    public byte[] snapshotPosition(long checkpointId) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(POSITION_VERSION);
        boolean done = fileIndex >= files.size();
        out.writeBoolean(done);
        out.writeUTF(done ? "" : files.get(fileIndex).getFileName().toString());
        out.writeLong(offset);
        out.writeLong(line);
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public void close() throws IOException {
        if (scanner != null) {
            scanner.close();
            scanner = null;
        }
    }
}

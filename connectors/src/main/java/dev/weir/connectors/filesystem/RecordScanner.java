package dev.weir.connectors.filesystem;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Splits a file into records at line breaks that are not inside a quoted field, tracking the
 * byte offset after each record and the line where it starts, so a reader can checkpoint
 * exactly after the last record it emitted. Works on bytes: the ASCII quote, escape and line
 * break bytes never occur inside a multi-byte UTF-8 character.
 */
final class RecordScanner implements Closeable {
    private static final int INITIAL_BUFFER = 64 * 1024;

    private final FileChannel channel;
    private final int quote;
    private final int escape;
    private byte[] buf = new byte[INITIAL_BUFFER];
    private int pos;
    private int limit;
    private long bufferStartOffset;
    private boolean eof;
    private long nextLine;

    private int recordStart;
    private int recordLength;
    private long recordLine;

    /**
     * @param quote  the quote byte, or -1 (json, or csv with quoting disabled)
     * @param escape the escape byte, or -1
     */
    RecordScanner(Path file, long startOffset, long startLine, int quote, int escape) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(startOffset);
        this.bufferStartOffset = startOffset;
        this.nextLine = startLine;
        this.quote = quote;
        this.escape = escape;
    }

    /** Advances to the next record; false at the end of the file. */
    boolean next() throws IOException {
        int i = pos;
        boolean inQuotes = false;
        int innerLines = 0;
        while (true) {
            if (i >= limit || (escape >= 0 && buf[i] == escape && i + 1 >= limit && !eof)) {
                if (eof) {
                    break;
                }
                int shift = pos;
                fill();
                i -= shift;
                continue;
            }
            byte b = buf[i];
            if (escape >= 0 && b == escape) {
                if (i + 1 < limit && buf[i + 1] == '\n') {
                    innerLines++;
                }
                i += 2;
                continue;
            }
            if (quote >= 0 && b == quote) {
                inQuotes = !inQuotes;
            } else if (b == '\n') {
                if (!inQuotes) {
                    break;
                }
                innerLines++;
            }
            i++;
        }
        if (i > limit) {
            i = limit; // an escape byte as the very last byte of the file
        }
        boolean atNewline = i < limit;
        if (!atNewline && pos == limit) {
            return false;
        }
        recordStart = pos;
        int end = i;
        if (end > recordStart && buf[end - 1] == '\r') {
            end--;
        }
        recordLength = end - recordStart;
        recordLine = nextLine;
        nextLine += innerLines + 1;
        pos = atNewline ? i + 1 : i;
        return true;
    }

    /** Moves unread bytes to the front (growing the buffer if full) and reads more. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            bufferStartOffset += pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            byte[] bigger = new byte[buf.length * 2];
            System.arraycopy(buf, 0, bigger, 0, limit);
            buf = bigger;
        }
        int n = channel.read(ByteBuffer.wrap(buf, limit, buf.length - limit));
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    byte[] buffer() {
        return buf;
    }

    int recordStart() {
        return recordStart;
    }

    int recordLength() {
        return recordLength;
    }

    /** The 1-based line where the current record starts. */
    long recordLine() {
        return recordLine;
    }

    /** The byte offset just after the current record (and its line break). */
    long endOffset() {
        return bufferStartOffset + pos;
    }

    /** The line number the next record starts on. */
    long nextLine() {
        return nextLine;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

package dev.weir.state.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory file: what a snapshot's synchronous part serializes, for its asynchronous part to
 * write. Grows by chunks (no copying on growth, no 2 GB array limit) and is not synchronized,
 * unlike {@link java.io.ByteArrayOutputStream}: one thread writes it, then hands it over.
 */
public final class ChunkedBytes extends OutputStream {
    private static final int FIRST_CHUNK = 4 << 10;
    private static final int MAX_CHUNK = 1 << 20;

    private final List<byte[]> full = new ArrayList<>();
    private byte[] current = new byte[FIRST_CHUNK];
    private int position;

    @Override
    public void write(int b) {
        if (position == current.length) {
            nextChunk();
        }
        current[position++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            if (position == current.length) {
                nextChunk();
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(bytes, offset, current, position, n);
            position += n;
            offset += n;
            length -= n;
        }
    }

    private void nextChunk() {
        full.add(current);
        current = new byte[Math.min(MAX_CHUNK, current.length * 2)];
        position = 0;
    }

    /**
     * Writes the bytes to a new file {@code file}. File channels fail with
     * {@link java.nio.channels.ClosedByInterruptException} when the thread is interrupted, which is how
     * an aborted checkpoint stops its asynchronous part.
     */
    public void writeTo(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (byte[] chunk : full) {
                out.write(chunk);
            }
            out.write(current, 0, position);
        }
    }
}

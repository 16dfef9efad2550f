package dev.weir.executor.operators;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableSet;
import java.util.TreeSet;

/** Small binary files for operator state that lives outside the keyed backend. */
final class OperatorStateFiles {
    private static final int MAGIC = 0x57524F50; // "WROP"
    private static final int VERSION = 1;

    private OperatorStateFiles() {
    }

    static void writeWatermark(Path file, long watermark) throws IOException {
        writeWatermarkAndTimes(file, watermark, new TreeSet<>());
    }

    static long readWatermark(Path file) throws IOException {
        return read(file, new TreeSet<>());
    }

    static void writeWatermarkAndTimes(Path file, long watermark, NavigableSet<Long> times) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(watermark);
            out.writeInt(times.size());
            for (long t : times) {
                out.writeLong(t);
            }
        }
    }

    /** Reads the watermark and adds the stored times to {@code times}. */
    static long read(Path file, NavigableSet<Long> times) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("Not an operator state file: " + file);
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("Unsupported operator state version " + version + " in " + file);
            }
            long watermark = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                times.add(in.readLong());
            }
            return watermark;
        }
    }
}

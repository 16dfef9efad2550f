package dev.weir.state.internal;

import dev.weir.core.WeirException;
import dev.weir.core.serde.VarInts;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The canonical keyed-state file ({@value #FILE_NAME}) the heap backend snapshots into and both
 * backends restore from.
 *
 * <p>Format (big-endian): magic, format version; then per state: a {@code 1} byte, the name
 * (modified UTF-8), entries each as {@code 1, varint key length, key, varint value length,
 * value}, closed by a {@code 0} byte; the file ends with a {@code 0} byte. Entries are written
 * in key-group order so a rescale can split the file by key-group range.
 */
public final class KeyedStateFile {
    public static final String FILE_NAME = "keyed-state.bin";
    private static final int MAGIC = 0x574B5346;
    private static final int FORMAT_VERSION = 1;

    private KeyedStateFile() {
    }

    /** Streams states and entries into a new file. */
    public static final class Writer implements Closeable {
        private final DataOutputStream out;
        private boolean inState;

        public Writer(Path dir) throws IOException {
            this(new BufferedOutputStream(Files.newOutputStream(dir.resolve(FILE_NAME)), 1 << 16));
        }

        /** Writes the file's bytes into {@code target} (an in-memory file for an asynchronous snapshot). */
        public Writer(java.io.OutputStream target) throws IOException {
            out = new DataOutputStream(target);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
        }

        public void beginState(String name) throws IOException {
            endStateIfOpen();
            out.writeByte(1);
            out.writeUTF(name);
            inState = true;
        }

        public void entry(byte[] key, int keyLength, byte[] value, int valueLength) throws IOException {
            out.writeByte(1);
            VarInts.writeUnsigned(keyLength, out);
            out.write(key, 0, keyLength);
            VarInts.writeUnsigned(valueLength, out);
            out.write(value, 0, valueLength);
        }

        private void endStateIfOpen() throws IOException {
            if (inState) {
                out.writeByte(0);
                inState = false;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                endStateIfOpen();
                out.writeByte(0);
            } finally {
                out.close();
            }
        }
    }

    /** The entries of the file in {@code dir}. */
    public static KeyedStateSource source(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        return visitor -> {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                if (in.readInt() != MAGIC) {
                    throw new WeirException("'" + file + "' is not a Weir keyed-state file (bad magic number); "
                            + "the snapshot is damaged, restore from an earlier checkpoint.");
                }
                int version = in.readInt();
                if (version != FORMAT_VERSION) {
                    throw new WeirException("Keyed-state file '" + file + "' has format version " + version
                            + " but this Weir reads version " + FORMAT_VERSION + ".");
                }
                while (in.readByte() == 1) {
                    String name = in.readUTF();
                    while (in.readByte() == 1) {
                        byte[] key = new byte[VarInts.readUnsigned(in)];
                        in.readFully(key);
                        byte[] value = new byte[VarInts.readUnsigned(in)];
                        in.readFully(value);
                        visitor.onEntry(name, key, value);
                    }
                }
            }
        };
    }
}

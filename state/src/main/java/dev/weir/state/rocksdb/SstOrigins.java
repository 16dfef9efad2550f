package dev.weir.state.rocksdb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@value #FILE_NAME} file of a RocksDB snapshot: for every immutable table file in its
 * {@code db/} directory, a name that identifies that file's content for good (its origin).
 *
 * <p>RocksDB names table files {@code 000012.sst}, unique only within one database instance: a
 * database restored from an older checkpoint numbers its new files from that checkpoint on, so the
 * same local name can later stand for other bytes. The origin is {@code <instance id>-<local name>},
 * the instance id being random per opened database; a file that came with a restored snapshot keeps
 * the origin it had there. Incremental checkpoints store each origin once, in the job's shared
 * directory, and reference it from every checkpoint that holds the file.
 *
 * <p>Binary layout (big endian): magic {@code WSST}, version, entry count, then per entry the local
 * file name and its origin (modified UTF-8).
 */
public final class SstOrigins {
    /** The file beside {@code db/} in a RocksDB snapshot directory. */
    public static final String FILE_NAME = "sst.origins";
    private static final int MAGIC = 0x57535354; // "WSST"
    private static final int VERSION = 1;

    private SstOrigins() {
    }

    /** Whether a file of a RocksDB snapshot's {@code db/} directory is immutable once written (a table or blob file). */
    public static boolean isImmutable(String fileName) {
        return fileName.endsWith(".sst") || fileName.endsWith(".blob");
    }

    /** Writes {@code origins} (local file name to origin) into {@code snapshotDir}. */
    static void write(Path snapshotDir, Map<String, String> origins) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(origins.size());
            for (Map.Entry<String, String> e : origins.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
        }
        Files.write(snapshotDir.resolve(FILE_NAME), bytes.toByteArray());
    }

    /**
     * The origins listed in {@code snapshotDir}, local file name to origin, in file order; empty when
     * the snapshot has no such file (written before incremental checkpoints existed, or not by RocksDB).
     */
    public static Map<String, String> read(Path snapshotDir) throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(snapshotDir.resolve(FILE_NAME));
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(snapshotDir.resolve(FILE_NAME) + " is not a table file origins file");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(snapshotDir.resolve(FILE_NAME) + " has unsupported version " + version);
            }
            int n = in.readInt();
            if (n < 0) {
                throw new IOException(snapshotDir.resolve(FILE_NAME) + " is damaged (negative entry count)");
            }
            Map<String, String> origins = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                origins.put(in.readUTF(), in.readUTF());
            }
            return Collections.unmodifiableMap(origins);
        }
    }
}

package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.serde.RowSerializer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The broadcast input's rows of a {@link BroadcastJoinOperator}, in memory, by join key: each distinct row (change
 * kind erased) to its number of live copies. Every subtask receives every broadcast row and the same barriers, so
 * at a checkpoint every subtask holds the same rows: any one subtask's file restores every subtask of any
 * parallelism ({@link #rescale}), as Flink's broadcast state.
 */
final class BroadcastRows {
    static final String FILE = "broadcast-rows.bin";
    private static final int MAGIC = 0x57524252; // "WRBR"
    private static final int VERSION = 1;

    private final Map<Row, Map<Row, long[]>> byKey = new HashMap<>();
    private final RowSerializer serializer;

    BroadcastRows(RowSerializer serializer) {
        this.serializer = Objects.requireNonNull(serializer, "serializer is null");
    }

    /** The rows with join key {@code key}, each to its {@code [copies]}: a live view, not to be changed while iterated. */
    Map<Row, long[]> rowsOf(Row key) {
        Map<Row, long[]> rows = byKey.get(key);
        return rows == null ? Collections.emptyMap() : rows;
    }

    void add(Row key, Row row) {
        byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(row, new long[] {1},
                (old, one) -> new long[] {old[0] + 1});
    }

    /** Takes one copy of {@code row} back; a row that is not there (retracted more often than added) is ignored. */
    void remove(Row key, Row row) {
        Map<Row, long[]> rows = byKey.get(key);
        long[] copies = rows == null ? null : rows.get(row);
        if (copies == null) {
            return;
        }
        if (copies[0] > 1) {
            rows.put(row, new long[] {copies[0] - 1});
        } else {
            rows.remove(row);
            if (rows.isEmpty()) {
                byKey.remove(key);
            }
        }
    }

    /** Writes every row with its copies to {@code file}; the keys are computed again on reading. */
    void write(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            int n = 0;
            for (Map<Row, long[]> rows : byKey.values()) {
                n += rows.size();
            }
            out.writeInt(n);
            for (Map<Row, long[]> rows : byKey.values()) {
                for (Map.Entry<Row, long[]> e : rows.entrySet()) {
                    serializer.serialize(e.getKey(), out);
                    out.writeLong(e.getValue()[0]);
                }
            }
        }
    }

    /** Adds the rows of {@code file}, written by {@link #write}, under the keys {@code keys} gives them. */
    void read(Path file, RowKeys keys) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("Not a broadcast state file: " + file);
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("Unsupported broadcast state version " + version + " in " + file);
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                Row row = serializer.deserialize(in);
                long copies = in.readLong();
                byKey.computeIfAbsent(keys.key(row), k -> new LinkedHashMap<>()).put(row, new long[] {copies});
            }
        }
    }

    /**
     * The broadcast state of a new subtask after rescaling: a copy of the first old subtask's file (they are all
     * the same).
     */
    static void rescale(List<Path> oldFiles, Path target) throws IOException {
        if (!oldFiles.isEmpty()) {
            Files.copy(oldFiles.get(0), target);
        }
    }
}

package dev.weir.connectors.filesystem;

import dev.weir.core.WeirException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The read position of a filesystem source subtask, and its redistribution when rescaling.
 *
 * <p>Version 1 is a cursor over the subtask's files in name order: (done, file name, byte offset
 * after the last record, next line): files named before it are read, it is read up to the offset,
 * later ones are unread. After a rescale a subtask's files can be in any mix of states, so version
 * 2 lists them: per started file its name, whether it is done, and the offset and line to resume
 * at; a file not listed is unread. A reader writes version 1 whenever that says the same.
 */
final class FilePositions {
    static final byte CURSOR = 1;
    static final byte PER_FILE = 2;

    /** How far a file was read: done, or started at {@code offset} / {@code line}. */
    record Progress(boolean done, long offset, long line) {
        static final Progress DONE = new Progress(true, 0, 1);
    }

    private FilePositions() {
    }

    /** The progress per file name of a subtask whose files (sorted by name) are {@code files}. */
    static Map<String, Progress> decode(String table, byte[] state, List<String> files) {
        Map<String, Progress> progress = new TreeMap<>();
        if (state == null || state.length == 0) {
            return progress;
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
            byte version = in.readByte();
            if (version == CURSOR) {
                boolean done = in.readBoolean();
                String name = in.readUTF();
                long offset = in.readLong();
                long line = in.readLong();
                for (String file : files) {
                    int cmp = file.compareTo(name);
                    if (done || cmp < 0) {
                        progress.put(file, Progress.DONE);
                    } else if (cmp == 0) {
                        progress.put(file, new Progress(false, offset, line));
                    }
                }
                return progress;
            }
            if (version == PER_FILE) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    progress.put(in.readUTF(), new Progress(in.readBoolean(), in.readLong(), in.readLong()));
                }
                return progress;
            }
        } catch (IOException e) {
            throw new WeirException("Table '" + table + "': the file source position in the checkpoint is damaged ("
                    + e + "). Restore from an earlier checkpoint.");
        }
        throw new WeirException("Table '" + table + "': the file source position in the checkpoint has an unknown "
                + "version. Restore from a checkpoint written by this Weir version.");
    }

    static byte[] encodeCursor(boolean done, String name, long offset, long line) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(CURSOR);
            out.writeBoolean(done);
            out.writeUTF(name);
            out.writeLong(offset);
            out.writeLong(line);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encodePerFile(Map<String, Progress> progress) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + progress.size() * 48);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(PER_FILE);
            out.writeInt(progress.size());
            for (Map.Entry<String, Progress> e : new TreeMap<>(progress).entrySet()) {
                out.writeUTF(e.getKey());
                out.writeBoolean(e.getValue().done());
                out.writeLong(e.getValue().offset());
                out.writeLong(e.getValue().line());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rescaling: the position of new subtask {@code subtask} of {@code parallelism} from the
     * positions of all old subtasks. Files are split by {@link SourceFiles#forSubtask} over the
     * directory as it is now, so old subtask {@code j}'s files are those at index {@code j} mod the
     * old parallelism; their progress is gathered by name and handed to the new owner of each file.
     */
    static byte[] rescale(String table, Path path, List<byte[]> oldPositions, int subtask, int parallelism) {
        List<String> all = new ArrayList<>();
        for (Path p : SourceFiles.list(table, path)) {
            all.add(p.getFileName().toString());
        }
        int oldParallelism = oldPositions.size();
        Map<String, Progress> progress = new TreeMap<>();
        for (int j = 0; j < oldParallelism; j++) {
            progress.putAll(decode(table, oldPositions.get(j), pick(all, j, oldParallelism)));
        }
        Map<String, Progress> mine = new TreeMap<>();
        for (String file : pick(all, subtask, parallelism)) {
            Progress p = progress.get(file);
            if (p != null) {
                mine.put(file, p);
            }
        }
        return encodePerFile(mine);
    }

    private static List<String> pick(List<String> all, int subtask, int parallelism) {
        List<String> mine = new ArrayList<>();
        for (int i = subtask; i < all.size(); i += parallelism) {
            mine.add(all.get(i));
        }
        return mine;
    }
}

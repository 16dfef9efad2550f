package dev.weir.connectors.filesystem;

import dev.weir.connectors.format.CsvRowEncoder;
import dev.weir.connectors.format.JsonRowEncoder;
import dev.weir.connectors.format.RowEncoder;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.WeirException;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.TableContext;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once csv/json/debezium-json part files in the sink directory.
 *
 * <pre>
 *  write()            -> .part-LINEAGE-SUBTASK-N.inprogress   (hidden, open)
 *  prepareCommit(id)  -> fsync + close; pending[id] += file; return lineage, next N, all pending names
 *  commit(id)         -> rename pending files of checkpoints <= id to part-LINEAGE-SUBTASK-N.csv
 *  close() w/o finish -> delete the open file; prepared files stay hidden for a restore to commit
 *  restore(state)     -> delete this lineage's files numbered from the restored next N on (visible or not),
 *                        commit the names in state (idempotent), delete other hidden files of this subtask
 *  rescaled restore   -> the same for each old subtask this one took over (old i, i + p', ...)
 * </pre>
 *
 * <p>The committable lists every prepared-but-uncommitted file, not just the newest, so that a
 * lost commit notification for an earlier checkpoint is repaired by the restore.
 *
 * <p>The lineage (a UUID drawn at a fresh start and carried through every restore) and the part
 * counter restored with it make the restore a rollback: a file numbered at or above the restored
 * counter was written after that checkpoint, so it goes, even when a later checkpoint had already
 * made it visible. This is what lets a restore fall back past a damaged newest checkpoint without
 * writing the rows in between twice. Other jobs' files (another lineage) are never touched.
 */
public final class FileSinkWriter implements SinkWriter {
    /** Version 1 held only the pending names; version 2 adds the lineage and the next part number. */
    private static final byte COMMITTABLE_VERSION = 2;
    /** Version 3 is not written by a checkpoint: it bundles old subtasks' committables after a rescale. */
    private static final byte RESCALED_VERSION = 3;
    private static final String IN_PROGRESS = ".inprogress";
    private static final Pattern HIDDEN = Pattern.compile("\\.part-[0-9a-f\\-]{36}-(\\d+)-(\\d+)\\.inprogress");
    /** Any part file of ours, hidden or visible: lineage, subtask, number. */
    private static final Pattern PART = Pattern.compile("\\.?part-([0-9a-f\\-]{36})-(\\d+)-(\\d+)\\.[a-z]+");
    private static final Logger LOG = LoggerFactory.getLogger(FileSinkWriter.class);

    private final FileFormatOptions options;
    private final Path directory;
    private final RowEncoder encoder;
    private String lineage = UUID.randomUUID().toString();
    private final int subtask;
    private final TreeMap<Long, List<String>> pending = new TreeMap<>();
    private final StringBuilder line = new StringBuilder(256);
    private int partCounter;
    private FileChannel channel;
    private BufferedWriter writer;
    private Path current;

    FileSinkWriter(FileFormatOptions options, TableContext context) throws IOException {
        this.options = Objects.requireNonNull(options, "options is null");
        this.directory = options.path();
        this.subtask = context.subtaskIndex();
        this.encoder = switch (options.format()) {
            case CSV -> new CsvRowEncoder(context.schema(), options.fieldDelimiter(), options.quoteCharacter(),
                    options.escapeCharacter(), options.nullLiteral());
            case JSON -> new JsonRowEncoder(context.schema(), options.isoTimestamps());
            case DEBEZIUM_JSON -> new ChangelogLineEncoder(context.schema(), options.isoTimestamps());
        };
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new WeirException("Table '" + options.table() + "': sink path '" + directory + "' is a file; a "
                    + "filesystem sink writes part files into a directory. Point 'path' at a directory.");
        }
        Files.createDirectories(directory);
        if (context.restoredState() != null) {
            restore(context.restoredState());
        }
    }

    private void restore(byte[] state) throws IOException {
        if (state.length > 0 && state[0] == RESCALED_VERSION) {
            restoreRescaled(state);
            return;
        }
        Committable restored = decode(state);
        if (restored.lineage() != null) {
            lineage = restored.lineage();
        }
        // version 1 had no lineage: new files get a fresh one, so the rollback finds nothing to remove
        partCounter = restored.nextPart();
        settle(subtask, restored);
        syncDirectory();
    }

    /**
     * After a rescale this subtask settles the files of every old subtask it took over (see
     * {@link #rescaledCommittable}); it continues the lineage and numbering of the old subtask with
     * its own index, if there was one, else starts a fresh lineage.
     */
    private void restoreRescaled(byte[] state) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
        in.readByte();
        int count = in.readInt();
        for (int k = 0; k < count; k++) {
            int oldSubtask = in.readInt();
            byte[] old = in.readBoolean() ? in.readNBytes(in.readInt()) : null;
            Committable restored = old == null ? new Committable(null, 0, List.of()) : decode(old);
            if (oldSubtask == subtask && restored.lineage() != null) {
                lineage = restored.lineage();
                partCounter = restored.nextPart();
            }
            settle(oldSubtask, restored);
        }
        syncDirectory();
    }

    /**
     * Brings the files of (old) subtask {@code owner} to the restored checkpoint: rolls back its
     * lineage's later parts, commits the pending names, deletes its other hidden files.
     */
    private void settle(int owner, Committable restored) throws IOException {
        if (restored.lineage() != null) {
            rollBackLaterParts(restored.lineage(), owner, restored.nextPart());
        }
        for (String name : restored.names()) {
            publish(name);
        }
        Set<String> keep = new HashSet<>(restored.names());
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, ".part-*" + IN_PROGRESS)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                Matcher m = HIDDEN.matcher(name);
                if (m.matches() && Integer.parseInt(m.group(1)) == owner && !keep.contains(name)) {
                    // written after the restored checkpoint: the replay writes these rows again
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Deletes the part files of {@code lineage} and {@code owner} numbered at or above {@code nextPart}:
     * rows written after the restored checkpoint, which the replay writes again (visible ones were
     * committed by a later checkpoint that the restore skipped, for instance because it was damaged).
     */
    private void rollBackLaterParts(String lineage, int owner, int nextPart) throws IOException {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "*part-" + lineage + "-" + owner + "-*")) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                Matcher m = PART.matcher(name);
                if (m.matches() && m.group(1).equals(lineage) && Integer.parseInt(m.group(2)) == owner
                        && Long.parseLong(m.group(3)) >= nextPart) {
                    if (!name.startsWith(".")) {
                        LOG.warn("Table '{}': removing part file {}: it was committed after the checkpoint the job"
                                + " resumes from, whose replay writes its rows again", options.table(), p);
                    }
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Rescaling: the committable of new subtask {@code subtask} of {@code parallelism}, bundling those
     * of old subtasks {@code subtask, subtask + parallelism, ...} (null ones too: their hidden files
     * must still be cleaned up), so that every old subtask's files are settled by exactly one writer.
     */
    static byte[] rescaledCommittable(List<byte[]> oldCommittables, int subtask, int parallelism) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(RESCALED_VERSION);
            int count = 0;
            for (int j = subtask; j < oldCommittables.size(); j += parallelism) {
                count++;
            }
            out.writeInt(count);
            for (int j = subtask; j < oldCommittables.size(); j += parallelism) {
                byte[] old = oldCommittables.get(j);
                out.writeInt(j);
                out.writeBoolean(old != null);
                if (old != null) {
                    if (old.length > 0 && old[0] == RESCALED_VERSION) {
                        throw new IllegalStateException("a checkpoint committable is never a rescaled bundle");
                    }
                    out.writeInt(old.length);
                    out.write(old);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void write(Row row) throws IOException {
        if (row.kind() != RowKind.INSERT && !options.format().isChangelog()) {
            throw new WeirException("Table '" + options.table() + "': the filesystem sink with format '"
                    + options.format().extension() + "' can only append rows, but received a " + row.kind()
                    + " (" + row.kind().shortString() + ") change. The query produces an updating result; write it "
                    + "to a sink that accepts changes (for example 'print'), or make the query append-only "
                    + "(for example a window aggregation instead of a plain GROUP BY).");
        }
        if (writer == null) {
            open();
        }
        line.setLength(0);
        encoder.encode(row, line);
        writer.append(line);
    }

    private void open() throws IOException {
        String name = ".part-" + lineage + "-" + subtask + "-" + partCounter++ + IN_PROGRESS;
        current = directory.resolve(name);
        channel = FileChannel.open(current, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        writer = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                StandardCharsets.UTF_8), 64 * 1024);
    }

    @Override
    public byte[] prepareCommit(long checkpointId) throws IOException {
        if (writer != null) {
            writer.flush();
            channel.force(true);
            writer.close();
            pending.computeIfAbsent(checkpointId, id -> new ArrayList<>()).add(current.getFileName().toString());
            writer = null;
            channel = null;
            current = null;
        }
        List<String> all = new ArrayList<>();
        for (List<String> names : pending.values()) {
            all.addAll(names);
        }
        return encode(lineage, partCounter, all);
    }

    @Override
    public void commit(long checkpointId) throws IOException {
        Map<Long, List<String>> due = pending.headMap(checkpointId, true);
        if (due.isEmpty()) {
            return;
        }
        for (List<String> names : due.values()) {
            for (String name : names) {
                publish(name);
            }
        }
        due.clear();
        syncDirectory();
    }

    /** Renames a hidden finished file to its visible name; already renamed is fine. */
    private void publish(String hiddenName) throws IOException {
        Path hidden = directory.resolve(hiddenName);
        Path visible = directory.resolve(visibleName(hiddenName));
        try {
            try {
                Files.move(hidden, visible, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(hidden, visible);
            }
        } catch (NoSuchFileException e) {
            if (!Files.exists(visible)) {
                throw new WeirException("Table '" + options.table() + "': cannot commit part file '" + hidden
                        + "': neither it nor '" + visible.getFileName() + "' exists. Someone removed files from the "
                        + "sink directory while the job was running; the rows of that file are lost.", e);
            }
        }
    }

    /** {@code .part-U-S-N.inprogress} to {@code part-U-S-N.csv}. */
    String visibleName(String hiddenName) {
        return hiddenName.substring(1, hiddenName.length() - IN_PROGRESS.length()) + "." + options.format().extension();
    }

    @Override
    public void finish() throws IOException {
        prepareCommit(Long.MAX_VALUE);
        commit(Long.MAX_VALUE);
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            try {
                writer.close();
            } finally {
                Files.deleteIfExists(current);
                writer = null;
                channel = null;
                current = null;
            }
        }
    }

    private void syncDirectory() {
        // make renames durable; not every platform lets a directory be opened, so best effort
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // ignored: the rename itself has happened
        }
    }

    static byte[] encode(String lineage, int nextPart, List<String> names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + names.size() * 64);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(COMMITTABLE_VERSION);
        out.writeUTF(lineage);
        out.writeInt(nextPart);
        out.writeInt(names.size());
        for (String n : names) {
            out.writeUTF(n);
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** A decoded committable; {@code lineage} is null for version 1. */
    private record Committable(String lineage, int nextPart, List<String> names) {
    }

    private Committable decode(byte[] state) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
        byte version = state.length == 0 ? 0 : in.readByte();
        if (version != 1 && version != COMMITTABLE_VERSION) {
            throw new WeirException("Table '" + options.table() + "': the filesystem sink state in the checkpoint has "
                    + "an unknown version. Restore from a checkpoint written by this Weir version.");
        }
        String restoredLineage = null;
        int nextPart = 0;
        if (version == COMMITTABLE_VERSION) {
            restoredLineage = in.readUTF();
            if (!restoredLineage.matches("[0-9a-f\\-]{36}")) {
                throw new WeirException("Table '" + options.table() + "': unexpected lineage '" + restoredLineage
                        + "' in the checkpoint's filesystem sink state; refusing to touch its files.");
            }
            nextPart = in.readInt();
        }
        int count = in.readInt();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            if (!HIDDEN.matcher(name).matches()) {
                throw new WeirException("Table '" + options.table() + "': unexpected part file name '" + name
                        + "' in the checkpoint; refusing to rename it.");
            }
            names.add(name);
        }
        return new Committable(restoredLineage, nextPart, names);
    }
}

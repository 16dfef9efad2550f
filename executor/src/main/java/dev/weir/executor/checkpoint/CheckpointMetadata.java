package dev.weir.executor.checkpoint;

import dev.weir.core.serde.Serializers;
import dev.weir.core.serde.VarInts;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The {@code _metadata} file of a checkpoint: what makes a {@code chk-<n>} directory a complete
 * checkpoint. It holds the source position and sink committable (small), the ids of the stateful
 * operators, and every other file of the checkpoint with its size and CRC32C, so damage is found
 * before anything is restored. The file itself ends with a CRC32C of its body.
 *
 * <p>Binary layout (big endian): magic {@code WCHK}, version, job name, checkpoint id, timestamp,
 * parallelism, one source position and one sink committable per subtask, operator ids, files, shared
 * files, per-operator parallelism (version 4), body CRC32C. Version 1 (before parallel execution) had a
 * single position and committable; it is read as parallelism 1. Version 2 had no shared files. Versions
 * before 4 had no per-operator parallelism: every operator ran at {@code parallelism}.
 *
 * @param parallelism      the job's default parallelism ({@code parallelism.default}) when it wrote the
 *                         checkpoint; an operator ran at it unless {@code operatorParallelism} says otherwise
 * @param sourcePositions  bytes from each source subtask's reader, by subtask index (an element may be
 *                         null); one element per subtask slot ({@link #subtaskSlots()}): a source whose own
 *                         parallelism is lower has null beyond it
 * @param sinkCommittables bytes from each sink subtask's prepareCommit, by subtask index, as the positions
 * @param operatorParallelism the parallelism of each operator (by id) that ran at another parallelism than
 *                         {@code parallelism} ({@code scan.parallelism}, {@code sink.parallelism}); state of a
 *                         stateful operator lies in {@code <operator>/} when every operator ran at 1 (one
 *                         slot) and in {@code <operator>/<subtask>/} otherwise
 * @param files           every file of the checkpoint except {@code _metadata}, paths relative to
 *                        the checkpoint directory with {@code /} separators
 * @param sharedFiles     files of an incremental checkpoint kept in the job's {@code shared/} directory
 *                        (immutable RocksDB table files), each stored once and referenced by every
 *                        checkpoint that holds it; empty for a full checkpoint and for savepoints
 */
public record CheckpointMetadata(String jobName, long checkpointId, long timestampMillis, int parallelism,
        List<byte[]> sourcePositions, List<byte[]> sinkCommittables, List<String> operatorIds, List<FileEntry> files,
        List<SharedFileEntry> sharedFiles, Map<String, Integer> operatorParallelism) {
    static final int MAGIC = 0x5743484B; // "WCHK"
    static final int VERSION = 4;

    /** One checksummed file of a checkpoint. */
    public record FileEntry(String relativePath, long size, int crc32c) {
        public FileEntry {
            Objects.requireNonNull(relativePath, "relativePath is null");
        }
    }

    /**
     * A file of the checkpoint stored in the job's shared directory.
     *
     * @param localPath  where the file belongs in the checkpoint (relative to its directory, {@code /}
     *                   separators), e.g. {@code <operator>/<subtask>/db/000012.sst}
     * @param sharedPath where it is stored, relative to the job directory (the checkpoint directory's
     *                   parent), e.g. {@code shared/<operator>/<origin>}
     * @param size       its size when stored
     * @param crc32c     its CRC32C, computed once when it was stored
     * @param storedBy   the checkpoint that stored it (it is new in that checkpoint only)
     */
    public record SharedFileEntry(String localPath, String sharedPath, long size, int crc32c, long storedBy) {
        public SharedFileEntry {
            Objects.requireNonNull(localPath, "localPath is null");
            Objects.requireNonNull(sharedPath, "sharedPath is null");
        }
    }

    public CheckpointMetadata {
        Objects.requireNonNull(jobName, "jobName is null");
        int slots = parallelism;
        for (int p : operatorParallelism.values()) {
            if (p < 1) {
                throw new IllegalArgumentException("bad operator parallelism " + p);
            }
            slots = Math.max(slots, p);
        }
        if (parallelism < 1 || sourcePositions.size() != slots || sinkCommittables.size() != slots) {
            throw new IllegalArgumentException("a checkpoint of parallelism " + parallelism + " (at most " + slots
                    + " subtasks per operator) needs one source position and one sink committable per subtask slot");
        }
        // only the operators that differ from the default are kept, so equal checkpoints encode equally
        Map<String, Integer> differing = new TreeMap<>();
        operatorParallelism.forEach((id, p) -> {
            if (p != parallelism) {
                differing.put(id, p);
            }
        });
        operatorParallelism = Collections.unmodifiableMap(differing);
        sourcePositions = Collections.unmodifiableList(new ArrayList<>(sourcePositions));
        sinkCommittables = Collections.unmodifiableList(new ArrayList<>(sinkCommittables));
        operatorIds = List.copyOf(operatorIds);
        files = List.copyOf(files);
        sharedFiles = List.copyOf(sharedFiles);
    }

    /** A checkpoint whose operators all ran at {@code parallelism}. */
    public CheckpointMetadata(String jobName, long checkpointId, long timestampMillis, int parallelism,
            List<byte[]> sourcePositions, List<byte[]> sinkCommittables, List<String> operatorIds,
            List<FileEntry> files, List<SharedFileEntry> sharedFiles) {
        this(jobName, checkpointId, timestampMillis, parallelism, sourcePositions, sinkCommittables, operatorIds, files,
                sharedFiles, Map.of());
    }

    /** A full checkpoint: every file in the checkpoint directory. */
    public CheckpointMetadata(String jobName, long checkpointId, long timestampMillis, int parallelism,
            List<byte[]> sourcePositions, List<byte[]> sinkCommittables, List<String> operatorIds,
            List<FileEntry> files) {
        this(jobName, checkpointId, timestampMillis, parallelism, sourcePositions, sinkCommittables, operatorIds, files,
                List.of());
    }

    /** How many subtasks operator {@code operatorId} ran with. */
    public int parallelismOf(String operatorId) {
        return operatorParallelism.getOrDefault(operatorId, parallelism);
    }

    /**
     * The highest parallelism of any operator: the length of {@link #sourcePositions} and
     * {@link #sinkCommittables}. Above 1 state lies per subtask ({@code <operator>/<subtask>/}).
     */
    public int subtaskSlots() {
        return sourcePositions.size();
    }

    /** A checkpoint of a job running at parallelism 1. */
    public CheckpointMetadata(String jobName, long checkpointId, long timestampMillis, byte[] sourcePosition,
            byte[] sinkCommittable, List<String> operatorIds, List<FileEntry> files) {
        this(jobName, checkpointId, timestampMillis, 1, Collections.singletonList(sourcePosition),
                Collections.singletonList(sinkCommittable), operatorIds, files);
    }

    /** The source position of subtask 0 (the only one at parallelism 1). */
    public byte[] sourcePosition() {
        return sourcePositions.get(0);
    }

    /** The sink committable of subtask 0 (the only one at parallelism 1). */
    public byte[] sinkCommittable() {
        return sinkCommittables.get(0);
    }

    /** Total bytes of the checkpoint's files, its own and the shared ones it references (its full size). */
    public long stateSizeBytes() {
        long total = 0;
        for (FileEntry f : files) {
            total += f.size();
        }
        for (SharedFileEntry f : sharedFiles) {
            total += f.size();
        }
        return total;
    }

    /**
     * Bytes this checkpoint wrote: its own files and the shared files it stored; shared files stored by
     * an earlier checkpoint are not counted. Equal to {@link #stateSizeBytes()} for a full checkpoint.
     */
    public long incrementalSizeBytes() {
        long total = 0;
        for (FileEntry f : files) {
            total += f.size();
        }
        java.util.Set<String> counted = new java.util.HashSet<>();
        for (SharedFileEntry f : sharedFiles) {
            // a file stored once may be referenced by several subtasks (after rescaling)
            if (f.storedBy() == checkpointId && counted.add(f.sharedPath())) {
                total += f.size();
            }
        }
        return total;
    }

    public byte[] encode() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        Serializers.STRING.serialize(jobName, out);
        out.writeLong(checkpointId);
        out.writeLong(timestampMillis);
        VarInts.writeUnsigned(parallelism, out);
        VarInts.writeUnsigned(subtaskSlots(), out);
        for (int i = 0; i < subtaskSlots(); i++) {
            writeNullableBytes(sourcePositions.get(i), out);
            writeNullableBytes(sinkCommittables.get(i), out);
        }
        VarInts.writeUnsigned(operatorIds.size(), out);
        for (String id : operatorIds) {
            Serializers.STRING.serialize(id, out);
        }
        VarInts.writeUnsigned(files.size(), out);
        for (FileEntry f : files) {
            Serializers.STRING.serialize(f.relativePath(), out);
            out.writeLong(f.size());
            out.writeInt(f.crc32c());
        }
        VarInts.writeUnsigned(sharedFiles.size(), out);
        for (SharedFileEntry f : sharedFiles) {
            Serializers.STRING.serialize(f.localPath(), out);
            Serializers.STRING.serialize(f.sharedPath(), out);
            out.writeLong(f.size());
            out.writeInt(f.crc32c());
            out.writeLong(f.storedBy());
        }
        VarInts.writeUnsigned(operatorParallelism.size(), out);
        for (Map.Entry<String, Integer> e : operatorParallelism.entrySet()) {
            Serializers.STRING.serialize(e.getKey(), out);
            VarInts.writeUnsigned(e.getValue(), out);
        }
        out.flush();
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        return bytes.toByteArray();
    }

    /** Decodes a {@code _metadata} file; throws IOException saying what is wrong when damaged. */
    public static CheckpointMetadata decode(byte[] data) throws IOException {
        if (data.length < 12) {
            throw new IOException("file is truncated (" + data.length + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length - 4);
        int stored = ((data[data.length - 4] & 0xFF) << 24) | ((data[data.length - 3] & 0xFF) << 16)
                | ((data[data.length - 2] & 0xFF) << 8) | (data[data.length - 1] & 0xFF);
        if ((int) crc.getValue() != stored) {
            throw new IOException("checksum mismatch (the file is damaged)");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, data.length - 4));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a Weir checkpoint metadata file");
        }
        int version = in.readInt();
        if (version < 1 || version > VERSION) {
            throw new IOException("unsupported metadata version " + version + " (this Weir reads " + VERSION + ")");
        }
        String jobName = Serializers.STRING.deserialize(in);
        long id = in.readLong();
        long ts = in.readLong();
        int parallelism = version == 1 ? 1 : VarInts.readUnsigned(in);
        if (parallelism < 1 || parallelism > 1 << 15) {
            throw new IOException("bad parallelism " + parallelism);
        }
        int slots = version >= 4 ? VarInts.readUnsigned(in) : parallelism;
        if (slots < parallelism || slots > 1 << 15) {
            throw new IOException("bad subtask count " + slots);
        }
        List<byte[]> positions = new ArrayList<>(slots);
        List<byte[]> committables = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            positions.add(readNullableBytes(in));
            committables.add(readNullableBytes(in));
        }
        int opCount = VarInts.readUnsigned(in);
        List<String> ops = new ArrayList<>(opCount);
        for (int i = 0; i < opCount; i++) {
            ops.add(Serializers.STRING.deserialize(in));
        }
        int fileCount = VarInts.readUnsigned(in);
        List<FileEntry> files = new ArrayList<>(fileCount);
        for (int i = 0; i < fileCount; i++) {
            files.add(new FileEntry(Serializers.STRING.deserialize(in), in.readLong(), in.readInt()));
        }
        List<SharedFileEntry> shared = new ArrayList<>();
        if (version >= 3) {
            int sharedCount = VarInts.readUnsigned(in);
            for (int i = 0; i < sharedCount; i++) {
                shared.add(new SharedFileEntry(Serializers.STRING.deserialize(in), Serializers.STRING.deserialize(in),
                        in.readLong(), in.readInt(), in.readLong()));
            }
        }
        Map<String, Integer> operatorParallelism = new TreeMap<>();
        if (version >= 4) {
            int n = VarInts.readUnsigned(in);
            for (int i = 0; i < n; i++) {
                String op = Serializers.STRING.deserialize(in);
                int p = VarInts.readUnsigned(in);
                if (p < 1 || p > slots) {
                    throw new IOException("bad parallelism " + p + " of operator " + op);
                }
                operatorParallelism.put(op, p);
            }
        }
        int highest = parallelism;
        for (int p : operatorParallelism.values()) {
            highest = Math.max(highest, p);
        }
        if (highest != slots) {
            throw new IOException("subtask count " + slots + " does not match the operators' parallelism " + highest);
        }
        return new CheckpointMetadata(jobName, id, ts, parallelism, positions, committables, ops, files, shared,
                operatorParallelism);
    }

    private static void writeNullableBytes(byte[] b, DataOutputStream out) throws IOException {
        out.writeBoolean(b != null);
        if (b != null) {
            Serializers.BYTES.serialize(b, out);
        }
    }

    private static byte[] readNullableBytes(DataInput in) throws IOException {
        return in.readBoolean() ? Serializers.BYTES.deserialize(in) : null;
    }
}

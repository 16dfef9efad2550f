package dev.weir.state.internal;

import dev.weir.core.WeirException;
import dev.weir.core.keys.KeyGroupRange;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@value #FILE_NAME} file of a keyed-state snapshot: which backend wrote it, the key-group
 * layout, and the states it holds. Restore reads it first to decide how to load the rest.
 *
 * <p>Format (big-endian): magic {@code WEIR}, format version, kind code, max parallelism,
 * key-group start and end, checkpoint id, state count, then per state its name (modified UTF-8),
 * kind code and three serializer versions.
 */
public record SnapshotMeta(SnapshotKind kind, int maxParallelism, KeyGroupRange keyGroupRange, long checkpointId,
        List<StateMeta> states) {
    public static final String FILE_NAME = "state.meta";
    static final int MAGIC = 0x57454952;
    static final int FORMAT_VERSION = 1;

    public SnapshotMeta {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(keyGroupRange, "keyGroupRange is null");
        states = List.copyOf(Objects.requireNonNull(states, "states is null"));
    }

    public void write(Path dir) throws IOException {
        try (DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(Files.newOutputStream(dir.resolve(FILE_NAME))))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeByte(kind.code());
            out.writeInt(maxParallelism);
            out.writeInt(keyGroupRange.start());
            out.writeInt(keyGroupRange.end());
            out.writeLong(checkpointId);
            out.writeInt(states.size());
            for (StateMeta state : states) {
                out.writeUTF(state.name());
                out.writeByte(state.kind().code());
                out.writeInt(state.namespaceSerializerVersion());
                out.writeInt(state.valueSerializerVersion());
                out.writeInt(state.mapKeySerializerVersion());
            }
        }
    }

    /** Reads the metadata of the snapshot in {@code dir}, failing with a user-facing message if it is not one. */
    public static SnapshotMeta read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new WeirException("'" + file + "' is not a Weir state snapshot (bad magic number); "
                        + "restore from a directory written by a Weir checkpoint or savepoint.");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new WeirException("State snapshot '" + file + "' has format version " + version
                        + " but this Weir reads version " + FORMAT_VERSION
                        + "; restore it with the Weir version that wrote it.");
            }
            SnapshotKind kind = SnapshotKind.fromCode(in.readByte());
            int maxParallelism = in.readInt();
            KeyGroupRange range = new KeyGroupRange(in.readInt(), in.readInt());
            long checkpointId = in.readLong();
            int count = in.readInt();
            List<StateMeta> states = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                states.add(new StateMeta(in.readUTF(), StateKind.fromCode(in.readByte()), in.readInt(), in.readInt(),
                        in.readInt()));
            }
            return new SnapshotMeta(kind, maxParallelism, range, checkpointId, states);
        } catch (NoSuchFileException e) {
            throw new WeirException("'" + dir + "' is not a Weir state snapshot: it has no " + FILE_NAME
                    + " file; pass the directory a checkpoint or savepoint wrote for this operator.", e);
        }
    }
}

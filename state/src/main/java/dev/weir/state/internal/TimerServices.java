package dev.weir.state.internal;

import dev.weir.core.WeirException;
import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.keys.KeyGroups;
import dev.weir.core.serde.TypeSerializer;
import dev.weir.core.serde.VarInts;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.TimerService;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The named timer services of one backend and their snapshot file {@value #FILE_NAME}. Both
 * backends keep timers on the heap and write them to this file beside their state, so timers
 * restore identically into either backend.
 *
 * <p>File format (big-endian): magic, format version; per service a {@code 1} byte, name
 * (modified UTF-8), namespace serializer version, then timers each as {@code 1, varint length,
 * [key group: 2 bytes][key][namespace], timestamp}, closed by {@code 0}; the file ends with
 * {@code 0}. Timers are sorted by key group, then timestamp.
 *
 * <p>Restored services stay as bytes until the operator asks for them by name, because only then
 * is the namespace serializer known; unrequested ones are written back unchanged by the next
 * snapshot.
 */
public final class TimerServices {
    public static final String FILE_NAME = "timers.bin";
    private static final int MAGIC = 0x57544D52;
    private static final int FORMAT_VERSION = 1;
    private static final java.util.Comparator<HeapTimerService.Timer> BY_TIMESTAMP =
            (a, b) -> Long.compare(a.timestamp(), b.timestamp());

    private final KeyedStateBackend backend;
    private final TypeSerializer<Object> keySerializer;
    private final int maxParallelism;
    private final KeyGroupRange keyGroupRange;
    private final String operatorId;
    private final Map<String, HeapTimerService<?>> services = new LinkedHashMap<>();
    private final Map<String, RawTimers> restored = new HashMap<>();

    public TimerServices(KeyedStateBackend backend, TypeSerializer<Object> keySerializer, int maxParallelism,
            KeyGroupRange keyGroupRange, String operatorId) {
        this.backend = Objects.requireNonNull(backend, "backend is null");
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer is null");
        this.maxParallelism = maxParallelism;
        this.keyGroupRange = Objects.requireNonNull(keyGroupRange, "keyGroupRange is null");
        this.operatorId = Objects.requireNonNull(operatorId, "operatorId is null");
    }

    private record RawTimer(byte[] keyAndNamespace, long timestamp) {
    }

    private record RawTimers(int namespaceSerializerVersion, List<RawTimer> timers) {
    }

    @SuppressWarnings("unchecked")
    public <N> TimerService<N> get(String name, TypeSerializer<N> namespaceSerializer) {
        Objects.requireNonNull(name, "name is null");
        HeapTimerService<?> existing = services.get(name);
        if (existing != null) {
            return (TimerService<N>) existing;
        }
        HeapTimerService<N> service = new HeapTimerService<>(backend, namespaceSerializer);
        RawTimers raw = restored.remove(name);
        if (raw != null) {
            if (raw.namespaceSerializerVersion() != namespaceSerializer.version()) {
                throw new WeirException("Timers '" + name + "' of operator '" + operatorId
                        + "' were written with namespace serializer version " + raw.namespaceSerializerVersion()
                        + " but are read with version " + namespaceSerializer.version()
                        + "; restore from a savepoint taken by a compatible Weir version or start without state.");
            }
            ByteArrayDataInput in = new ByteArrayDataInput();
            try {
                for (RawTimer timer : raw.timers()) {
                    in.reset(timer.keyAndNamespace(), 2, timer.keyAndNamespace().length - 2);
                    Object key = keySerializer.deserialize(in);
                    N namespace = namespaceSerializer.deserialize(in);
                    service.register(key, namespace, timer.timestamp());
                }
            } catch (IOException e) {
                throw new WeirException("Cannot read restored timers '" + name + "' of operator '" + operatorId
                        + "': " + e.getMessage() + "; the snapshot is damaged or was written with other key types.", e);
            }
        }
        services.put(name, service);
        return service;
    }

    /**
     * Loads {@value #FILE_NAME} from {@code dir} if present, keeping only timers in this backend's key groups.
     * Called once per snapshot when several are restored together (rescaling): their timers are merged.
     */
    public void restore(Path dir) throws IOException {
        readRaw(dir, keyGroupRange, operatorId, restored);
    }

    /**
     * Adds the timers of key groups {@code range} in {@code dir}'s {@value #FILE_NAME} (if any) to
     * {@code into}, by service name.
     */
    private static void readRaw(Path dir, KeyGroupRange range, String operatorId, Map<String, RawTimers> into)
            throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT_VERSION) {
                throw new WeirException("'" + file + "' is not a timer file this Weir can read; "
                        + "restore from a snapshot written by a compatible Weir version.");
            }
            while (in.readByte() == 1) {
                String name = in.readUTF();
                int namespaceVersion = in.readInt();
                List<RawTimer> timers = new ArrayList<>();
                while (in.readByte() == 1) {
                    byte[] bytes = new byte[VarInts.readUnsigned(in)];
                    in.readFully(bytes);
                    long timestamp = in.readLong();
                    if (range.contains(StateBytes.keyGroupOf(bytes))) {
                        timers.add(new RawTimer(bytes, timestamp));
                    }
                }
                RawTimers earlier = into.get(name);
                if (earlier == null) {
                    into.put(name, new RawTimers(namespaceVersion, timers));
                } else if (earlier.namespaceSerializerVersion() != namespaceVersion) {
                    throw new WeirException("Timers '" + name + "' of operator '" + operatorId + "' in '" + file
                            + "' were written with namespace serializer version " + namespaceVersion
                            + " but another snapshot being restored with them has version "
                            + earlier.namespaceSerializerVersion() + "; restore from a savepoint taken by one Weir"
                            + " version.");
                } else {
                    // another snapshot of the same operator (rescaling merges several): its timers join in
                    earlier.timers().addAll(timers);
                }
            }
        }
    }

    /**
     * Rescaling: writes into {@code targetDir} one {@value #FILE_NAME} with the timers of key groups
     * {@code range} from the snapshots in {@code dirs} (in key-group order when {@code dirs} is).
     */
    public static void merge(List<Path> dirs, KeyGroupRange range, String operatorId, Path targetDir)
            throws IOException {
        Map<String, RawTimers> merged = new LinkedHashMap<>();
        for (Path dir : dirs) {
            readRaw(dir, range, operatorId, merged);
        }
        try (DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(Files.newOutputStream(targetDir.resolve(FILE_NAME)), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            writeRaw(merged, out);
            out.writeByte(0);
        }
    }

    private static void writeRaw(Map<String, RawTimers> raw, DataOutputStream out) throws IOException {
        for (Map.Entry<String, RawTimers> entry : raw.entrySet()) {
            out.writeByte(1);
            out.writeUTF(entry.getKey());
            out.writeInt(entry.getValue().namespaceSerializerVersion());
            for (RawTimer timer : entry.getValue().timers()) {
                writeTimer(timer.keyAndNamespace(), timer.keyAndNamespace().length, timer.timestamp(), out);
            }
            out.writeByte(0);
        }
    }

    /** Writes every timer (requested or still raw from a restore) to {@value #FILE_NAME} in {@code dir}. */
    public void snapshot(Path dir) throws IOException {
        capture().writeTo(dir);
    }

    /**
     * The timers as of now, for an asynchronous snapshot: a copy of the references to the live timers
     * (which never change: a timer is deleted or added, never modified; keys and namespaces are
     * immutable), cheap on the task thread; sorting and serializing them is left to
     * {@link Captured#writeTo}, on any thread.
     */
    public Captured capture() {
        List<CapturedService> captured = new ArrayList<>(services.size());
        for (Map.Entry<String, HeapTimerService<?>> entry : services.entrySet()) {
            captured.add(new CapturedService(entry.getKey(), entry.getValue().namespaceSerializer(),
                    entry.getValue().liveTimers()));
        }
        // restored raw timers are never modified, only dropped from the map when requested
        return new Captured(keySerializer, maxParallelism, captured, new LinkedHashMap<>(restored));
    }

    private record CapturedService(String name, TypeSerializer<?> namespaceSerializer,
            List<HeapTimerService.Timer> timers) {
    }

    /** Timers captured by {@link #capture}; {@link #writeTo} writes {@value #FILE_NAME} once, on any thread. */
    public static final class Captured {
        private final TypeSerializer<Object> keySerializer;
        private final int maxParallelism;
        private final List<CapturedService> services;
        private final Map<String, RawTimers> restored;

        private Captured(TypeSerializer<Object> keySerializer, int maxParallelism, List<CapturedService> services,
                Map<String, RawTimers> restored) {
            this.keySerializer = keySerializer;
            this.maxParallelism = maxParallelism;
            this.services = services;
            this.restored = restored;
        }

        /** Writes {@value #FILE_NAME} into {@code dir}. */
        public void writeTo(Path dir) throws IOException {
            try (DataOutputStream out = new DataOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(dir.resolve(FILE_NAME)), 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(FORMAT_VERSION);
                ByteArrayDataOutput buffer = new ByteArrayDataOutput(64);
                for (CapturedService service : services) {
                    writeService(service, buffer, out);
                }
                writeRaw(restored, out);
                out.writeByte(0);
            }
        }

        @SuppressWarnings("unchecked")
        private void writeService(CapturedService service, ByteArrayDataOutput buffer, DataOutputStream out)
                throws IOException {
            TypeSerializer<Object> namespaceSerializer = (TypeSerializer<Object>) service.namespaceSerializer();
            out.writeByte(1);
            out.writeUTF(service.name());
            out.writeInt(namespaceSerializer.version());
            List<HeapTimerService.Timer> timers = service.timers();
            int n = timers.size();
            // by key group (a counting sort, linear), then by timestamp within each group: much cheaper
            // than one comparison sort over all timers
            int groups = maxParallelism;
            int[] keyGroups = new int[n];
            int[] starts = new int[groups + 1];
            for (int i = 0; i < n; i++) {
                keyGroups[i] = KeyGroups.assignToKeyGroup(timers.get(i).key(), maxParallelism);
                starts[keyGroups[i] + 1]++;
            }
            for (int g = 0; g < groups; g++) {
                starts[g + 1] += starts[g];
            }
            HeapTimerService.Timer[] sorted = new HeapTimerService.Timer[n];
            int[] next = Arrays.copyOf(starts, groups);
            for (int i = 0; i < n; i++) {
                sorted[next[keyGroups[i]]++] = timers.get(i);
            }
            for (int g = 0; g < groups; g++) {
                if (starts[g + 1] - starts[g] > 1) {
                    Arrays.sort(sorted, starts[g], starts[g + 1], BY_TIMESTAMP);
                }
            }
            for (int g = 0, i = 0; g < groups; g++) {
                for (; i < starts[g + 1]; i++) {
                    HeapTimerService.Timer timer = sorted[i];
                    buffer.reset();
                    StateBytes.writeKeyGroup(g, buffer);
                    keySerializer.serialize(timer.key(), buffer);
                    namespaceSerializer.serialize(timer.namespace(), buffer);
                    writeTimer(buffer.buffer(), buffer.position(), timer.timestamp(), out);
                }
            }
            out.writeByte(0);
        }
    }

    private static void writeTimer(byte[] bytes, int length, long timestamp, DataOutputStream out) throws IOException {
        out.writeByte(1);
        VarInts.writeUnsigned(length, out);
        out.write(bytes, 0, length);
        out.writeLong(timestamp);
    }

    public int size() {
        int total = 0;
        for (HeapTimerService<?> service : services.values()) {
            total += service.size();
        }
        for (RawTimers raw : restored.values()) {
            total += raw.timers().size();
        }
        return total;
    }
}

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
        try (DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(Files.newOutputStream(dir.resolve(FILE_NAME)), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            ByteArrayDataOutput buffer = new ByteArrayDataOutput(64);
            for (Map.Entry<String, HeapTimerService<?>> entry : services.entrySet()) {
                writeService(entry.getKey(), entry.getValue(), buffer, out);
            }
            writeRaw(restored, out);
            out.writeByte(0);
        }
    }

    @SuppressWarnings("unchecked")
    private <N> void writeService(String name, HeapTimerService<N> service, ByteArrayDataOutput buffer,
            DataOutputStream out) throws IOException {
        out.writeByte(1);
        out.writeUTF(name);
        out.writeInt(service.namespaceSerializer().version());
        List<HeapTimerService.Timer> timers = service.liveTimers();
        int n = timers.size();
        int[] keyGroups = new int[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            keyGroups[i] = KeyGroups.assignToKeyGroup(timers.get(i).key(), maxParallelism);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Integer.compare(keyGroups[a], keyGroups[b]);
            return c != 0 ? c : Long.compare(timers.get(a).timestamp(), timers.get(b).timestamp());
        });
        for (Integer i : order) {
            HeapTimerService.Timer timer = timers.get(i);
            buffer.reset();
            StateBytes.writeKeyGroup(keyGroups[i], buffer);
            keySerializer.serialize(timer.key(), buffer);
            service.namespaceSerializer().serialize((N) timer.namespace(), buffer);
            writeTimer(buffer.buffer(), buffer.position(), timer.timestamp(), out);
        }
        out.writeByte(0);
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

package dev.weir.executor.testing;

import dev.weir.core.serde.TypeSerializer;
import dev.weir.state.AggregateFunction;
import dev.weir.state.AggregatingState;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.ListState;
import dev.weir.state.MapState;
import dev.weir.state.ReduceFunction;
import dev.weir.state.ReducingState;
import dev.weir.state.StateBackendContext;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import dev.weir.state.ValueState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small but real heap backend (value state and timers only) with a file snapshot, so the
 * executor can be tested without the state module's backends.
 */
public final class TestHeapStateBackend implements KeyedStateBackend {
    private static final String FILE = "test-heap-state.bin";

    private final StateBackendContext context;
    private final Map<String, Map<Object, Map<Object, Object>>> values = new HashMap<>();
    private final Map<String, TypeSerializer<Object>[]> valueSerializers = new HashMap<>();
    private final Map<String, Timers<?>> timers = new HashMap<>();
    private final Map<String, List<byte[][]>> restoredValues = new HashMap<>();
    private final Map<String, List<byte[][]>> restoredTimers = new HashMap<>();
    private Object currentKey;

    public TestHeapStateBackend(StateBackendContext context, Path restoreFrom) throws IOException {
        this.context = context;
        if (restoreFrom != null) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(
                    Files.readAllBytes(restoreFrom.resolve(FILE))))) {
                readSection(in, restoredValues, 3);
                readSection(in, restoredTimers, 3);
            }
        }
    }

    private static void readSection(DataInputStream in, Map<String, List<byte[][]>> into, int parts)
            throws IOException {
        int names = in.readInt();
        for (int i = 0; i < names; i++) {
            String name = in.readUTF();
            int n = in.readInt();
            List<byte[][]> entries = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                byte[][] e = new byte[parts][];
                for (int p = 0; p < parts; p++) {
                    e[p] = new byte[in.readInt()];
                    in.readFully(e[p]);
                }
                entries.add(e);
            }
            into.put(name, entries);
        }
    }

    @Override
    public void setCurrentKey(Object key) {
        currentKey = key;
    }

    @Override
    public Object currentKey() {
        return currentKey;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <N, V> ValueState<N, V> valueState(StateDescriptor<N, V> d) {
        Map<Object, Map<Object, Object>> table = values.computeIfAbsent(d.name(), k -> new HashMap<>());
        valueSerializers.put(d.name(), new TypeSerializer[] {context.keySerializer(),
                (TypeSerializer<Object>) d.namespaceSerializer(), (TypeSerializer<Object>) d.valueSerializer()});
        List<byte[][]> raw = restoredValues.remove(d.name());
        if (raw != null) {
            for (byte[][] e : raw) {
                table.computeIfAbsent(read(context.keySerializer(), e[0]), k -> new HashMap<>())
                        .put(read(d.namespaceSerializer(), e[1]), read(d.valueSerializer(), e[2]));
            }
        }
        return new ValueState<>() {
            @Override
            public V value(N namespace) {
                Map<Object, Object> m = table.get(currentKey);
                return m == null ? null : (V) m.get(namespace);
            }

            @Override
            public void update(N namespace, V value) {
                table.computeIfAbsent(currentKey, k -> new HashMap<>()).put(namespace, value);
            }

            @Override
            public void clear(N namespace) {
                Map<Object, Object> m = table.get(currentKey);
                if (m != null) {
                    m.remove(namespace);
                    if (m.isEmpty()) {
                        table.remove(currentKey);
                    }
                }
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <N> TimerService<N> timerService(String name, TypeSerializer<N> namespaceSerializer) {
        Timers<N> t = new Timers<>((TypeSerializer<Object>) namespaceSerializer);
        List<byte[][]> raw = restoredTimers.remove(name);
        if (raw != null) {
            for (byte[][] e : raw) {
                Object key = read(context.keySerializer(), e[0]);
                N ns = read(namespaceSerializer, e[1]);
                long ts = read(dev.weir.core.serde.Serializers.LONG, e[2]);
                t.byTime.computeIfAbsent(ts, k -> new LinkedHashSet<>()).add(List.of(key, ns));
            }
        }
        timers.put(name, t);
        return t;
    }

    private static <T> T read(TypeSerializer<T> s, byte[] b) {
        try {
            return s.deserialize(new DataInputStream(new ByteArrayInputStream(b)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> byte[] write(TypeSerializer<T> s, T v) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        s.serialize(v, out);
        out.flush();
        return bytes.toByteArray();
    }

    private final class Timers<N> implements TimerService<N> {
        final TreeMap<Long, LinkedHashSet<List<Object>>> byTime = new TreeMap<>();
        final TypeSerializer<Object> namespaceSerializer;

        Timers(TypeSerializer<Object> namespaceSerializer) {
            this.namespaceSerializer = namespaceSerializer;
        }

        @Override
        public void registerEventTimeTimer(N namespace, long timestamp) {
            byTime.computeIfAbsent(timestamp, k -> new LinkedHashSet<>()).add(List.of(currentKey, namespace));
        }

        @Override
        public void deleteEventTimeTimer(N namespace, long timestamp) {
            LinkedHashSet<List<Object>> set = byTime.get(timestamp);
            if (set != null) {
                set.remove(List.of(currentKey, namespace));
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public void advanceWatermark(long watermark, Callback<N> callback) throws Exception {
            while (!byTime.isEmpty() && byTime.firstKey() <= watermark) {
                Map.Entry<Long, LinkedHashSet<List<Object>>> first = byTime.firstEntry();
                Iterator<List<Object>> it = first.getValue().iterator();
                if (!it.hasNext()) {
                    byTime.remove(first.getKey());
                    continue;
                }
                List<Object> timer = it.next();
                it.remove();
                setCurrentKey(timer.get(0));
                callback.onTimer(timer.get(0), (N) timer.get(1), first.getKey());
            }
        }

        @Override
        public int size() {
            int n = 0;
            for (LinkedHashSet<List<Object>> s : byTime.values()) {
                n += s.size();
            }
            return n;
        }
    }

    @Override
    public void snapshot(long checkpointId, Path targetDir) throws IOException {
        Files.createDirectories(targetDir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(values.size());
        for (Map.Entry<String, Map<Object, Map<Object, Object>>> state : values.entrySet()) {
            TypeSerializer<Object>[] s = valueSerializers.get(state.getKey());
            List<byte[][]> entries = new ArrayList<>();
            for (Map.Entry<Object, Map<Object, Object>> byKey : state.getValue().entrySet()) {
                for (Map.Entry<Object, Object> e : byKey.getValue().entrySet()) {
                    entries.add(new byte[][] {write(s[0], byKey.getKey()), write(s[1], e.getKey()),
                            write(s[2], e.getValue())});
                }
            }
            writeEntries(out, state.getKey(), entries);
        }
        out.writeInt(timers.size());
        for (Map.Entry<String, Timers<?>> t : timers.entrySet()) {
            List<byte[][]> entries = new ArrayList<>();
            for (Map.Entry<Long, LinkedHashSet<List<Object>>> e : t.getValue().byTime.entrySet()) {
                for (List<Object> timer : e.getValue()) {
                    entries.add(new byte[][] {write(context.keySerializer(), timer.get(0)),
                            write(t.getValue().namespaceSerializer, timer.get(1)),
                            write(dev.weir.core.serde.Serializers.LONG, e.getKey())});
                }
            }
            writeEntries(out, t.getKey(), entries);
        }
        out.flush();
        Files.write(targetDir.resolve(FILE), bytes.toByteArray());
    }

    private static void writeEntries(DataOutputStream out, String name, List<byte[][]> entries) throws IOException {
        out.writeUTF(name);
        out.writeInt(entries.size());
        for (byte[][] e : entries) {
            for (byte[] part : e) {
                out.writeInt(part.length);
                out.write(part);
            }
        }
    }

    @Override
    public <N, V> ListState<N, V> listState(StateDescriptor<N, V> descriptor) {
        throw new UnsupportedOperationException("test backend: value state and timers only");
    }

    @Override
    public <N, K, V> MapState<N, K, V> mapState(StateDescriptor<N, V> descriptor, TypeSerializer<K> s) {
        throw new UnsupportedOperationException("test backend: value state and timers only");
    }

    @Override
    public <N, V> ReducingState<N, V> reducingState(StateDescriptor<N, V> descriptor, ReduceFunction<V> reducer) {
        throw new UnsupportedOperationException("test backend: value state and timers only");
    }

    @Override
    public <N, IN, ACC, OUT> AggregatingState<N, IN, OUT> aggregatingState(StateDescriptor<N, ACC> descriptor,
            AggregateFunction<IN, ACC, OUT> function) {
        throw new UnsupportedOperationException("test backend: value state and timers only");
    }

    @Override
    public long approximateSizeBytes() {
        return 0;
    }

    @Override
    public void close() {
    }
}

package dev.weir.state.heap;

import dev.weir.core.keys.KeyGroups;
import dev.weir.core.serde.TypeSerializer;
import dev.weir.state.internal.ByteArrayDataInput;
import dev.weir.state.internal.ByteArrayDataOutput;
import dev.weir.state.internal.KeyedStateFile;
import dev.weir.state.internal.StateBytes;
import dev.weir.state.internal.StateMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The entries of one heap state: one hash map per key group (so snapshots come out in key-group
 * order for free), each from (key, namespace) to the stored object. The maps are typed
 * {@code <Object, Object>} because reads look up with a {@link StateKeyProbe}, writes store a
 * {@link StateKey}. Stored objects are the
 * caller's values themselves, not copies: callers must treat state values as immutable. Lists
 * and maps are held as {@link ArrayList} / {@link HashMap} owned by this table.
 */
final class StateTable {
    final StateMeta meta;
    final TypeSerializer<Object> namespaceSerializer;
    final TypeSerializer<Object> valueSerializer;
    final TypeSerializer<Object> mapKeySerializer;
    private final HeapKeyContext keys;
    private final HashMap<Object, Object>[] groups;

    @SuppressWarnings("unchecked")
    StateTable(StateMeta meta, TypeSerializer<?> namespaceSerializer, TypeSerializer<?> valueSerializer,
            TypeSerializer<?> mapKeySerializer, HeapKeyContext keys) {
        this.meta = Objects.requireNonNull(meta, "meta is null");
        this.namespaceSerializer = (TypeSerializer<Object>) Objects.requireNonNull(namespaceSerializer,
                "namespaceSerializer is null");
        this.valueSerializer = (TypeSerializer<Object>) Objects.requireNonNull(valueSerializer,
                "valueSerializer is null");
        this.mapKeySerializer = (TypeSerializer<Object>) mapKeySerializer;
        this.keys = Objects.requireNonNull(keys, "keys is null");
        this.groups = new HashMap[keys.groupCount()];
    }

    Object get(Object namespace) {
        HashMap<Object, Object> map = groups[keys.groupIndex()];
        return map == null ? null : map.get(keys.probe(namespace));
    }

    void put(Object namespace, Object value) {
        int index = keys.groupIndex();
        HashMap<Object, Object> map = groups[index];
        if (map == null) {
            map = new HashMap<>();
            groups[index] = map;
        }
        StateKeyProbe probe = keys.probe(namespace);
        // replace() updates an existing entry without storing the probe; only new entries allocate a key
        if (map.replace(probe, value) == null) {
            map.put(keys.newStateKey(probe), value);
        }
    }

    void remove(Object namespace) {
        HashMap<Object, Object> map = groups[keys.groupIndex()];
        if (map != null) {
            map.remove(keys.probe(namespace));
        }
    }

    long entryCount() {
        long n = 0;
        for (HashMap<Object, Object> map : groups) {
            if (map != null) {
                n += map.size();
            }
        }
        return n;
    }

    /** Adds one canonical snapshot entry (see {@link StateBytes}); drops keys outside this backend's range. */
    @SuppressWarnings("unchecked")
    void importEntry(byte[] keyBytes, byte[] valueBytes, TypeSerializer<Object> keySerializer, int maxParallelism,
            ByteArrayDataInput in) throws IOException {
        in.reset(keyBytes, 2, keyBytes.length - 2);
        Object key = keySerializer.deserialize(in);
        Object namespace = namespaceSerializer.deserialize(in);
        Object mapKey = mapKeySerializer == null ? null : mapKeySerializer.deserialize(in);
        // recompute rather than trust the stored group, so lookups by this JVM's hash agree with it
        int group = KeyGroups.assignToKeyGroup(key, maxParallelism) - keys.firstGroup();
        if (group < 0 || group >= groups.length) {
            return;
        }
        HashMap<Object, Object> map = groups[group];
        if (map == null) {
            map = new HashMap<>();
            groups[group] = map;
        }
        StateKey stateKey = HeapKeyContext.stateKey(key, namespace);
        in.reset(valueBytes);
        switch (meta.kind()) {
            case LIST -> map.put(stateKey, StateBytes.readList(in, valueSerializer));
            case MAP -> ((HashMap<Object, Object>) map.computeIfAbsent(stateKey, k -> new HashMap<>()))
                    .put(mapKey, valueSerializer.deserialize(in));
            default -> map.put(stateKey, valueSerializer.deserialize(in));
        }
    }

    /** Writes every entry in canonical form, in key-group order. */
    @SuppressWarnings("unchecked")
    void export(KeyedStateFile.Writer writer, TypeSerializer<Object> keySerializer, ByteArrayDataOutput keyOut,
            ByteArrayDataOutput valueOut) throws IOException {
        for (int i = 0; i < groups.length; i++) {
            HashMap<Object, Object> map = groups[i];
            if (map == null) {
                continue;
            }
            for (Map.Entry<Object, Object> entry : map.entrySet()) {
                StateKey stateKey = (StateKey) entry.getKey();
                keyOut.reset();
                StateBytes.writeKeyGroup(keys.firstGroup() + i, keyOut);
                keySerializer.serialize(stateKey.key, keyOut);
                namespaceSerializer.serialize(stateKey.namespace, keyOut);
                valueOut.reset();
                switch (meta.kind()) {
                    case LIST -> {
                        StateBytes.writeList((List<Object>) entry.getValue(), valueSerializer, valueOut);
                        writer.entry(keyOut.buffer(), keyOut.position(), valueOut.buffer(), valueOut.position());
                    }
                    case MAP -> {
                        int prefix = keyOut.position();
                        for (Map.Entry<Object, Object> mapEntry : ((Map<Object, Object>) entry.getValue()).entrySet()) {
                            keyOut.setPosition(prefix);
                            mapKeySerializer.serialize(mapEntry.getKey(), keyOut);
                            valueOut.reset();
                            valueSerializer.serialize(mapEntry.getValue(), valueOut);
                            writer.entry(keyOut.buffer(), keyOut.position(), valueOut.buffer(), valueOut.position());
                        }
                    }
                    default -> {
                        valueSerializer.serialize(entry.getValue(), valueOut);
                        writer.entry(keyOut.buffer(), keyOut.position(), valueOut.buffer(), valueOut.position());
                    }
                }
            }
        }
    }
}

package dev.weir.state.internal;

import dev.weir.core.WeirException;
import dev.weir.core.serde.TypeSerializer;
import java.util.Objects;

/**
 * What a snapshot records about one state: its name, shape and the versions of the serializers
 * that wrote it. {@code mapKeySerializerVersion} is 0 for every kind but {@link StateKind#MAP}.
 */
public record StateMeta(String name, StateKind kind, int namespaceSerializerVersion, int valueSerializerVersion,
        int mapKeySerializerVersion) {
    public StateMeta {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(kind, "kind is null");
    }

    public static StateMeta of(String name, StateKind kind, TypeSerializer<?> namespaceSerializer,
            TypeSerializer<?> valueSerializer, TypeSerializer<?> mapKeySerializer) {
        return new StateMeta(name, kind, namespaceSerializer.version(), valueSerializer.version(),
                mapKeySerializer == null ? 0 : mapKeySerializer.version());
    }

    /**
     * Fails with a user-facing message when a state is re-registered (or restored) with another
     * shape or serializer versions than it was written with.
     */
    public void checkCompatible(StateMeta requested, String operatorId) {
        if (kind != requested.kind) {
            throw new WeirException("State '" + name + "' of operator '" + operatorId + "' is a " + kind
                    + " state but is now requested as " + requested.kind
                    + "; give the new state a different name or start the job without restoring state.");
        }
        if (namespaceSerializerVersion != requested.namespaceSerializerVersion
                || valueSerializerVersion != requested.valueSerializerVersion
                || mapKeySerializerVersion != requested.mapKeySerializerVersion) {
            throw new WeirException("State '" + name + "' of operator '" + operatorId
                    + "' was written with serializer versions (namespace " + namespaceSerializerVersion
                    + ", value " + valueSerializerVersion + ", map key " + mapKeySerializerVersion
                    + ") but is read with (" + requested.namespaceSerializerVersion + ", "
                    + requested.valueSerializerVersion + ", " + requested.mapKeySerializerVersion
                    + "); restore from a savepoint taken by a compatible Weir version or start without state.");
        }
    }
}

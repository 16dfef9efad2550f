package dev.weir.executor.testing;

import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.serde.Serializers;
import dev.weir.core.serde.TypeSerializer;
import dev.weir.executor.operators.StateBackendFactory;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.StateBackendContext;
import dev.weir.state.StateBackendType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The state backends tests run against: the state module's real hashmap and rocksdb backends
 * when its installed jar provides them, else the test-scope heap backend.
 */
public final class TestBackends {
    /** A backend type and the factory that builds it. */
    public record Choice(StateBackendType type, StateBackendFactory factory, String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static final StateBackendFactory TEST_HEAP = (type, ctx, dir) -> new TestHeapStateBackend(ctx, dir);

    private static final boolean REAL_AVAILABLE = probeReal();

    private TestBackends() {
    }

    public static boolean realAvailable() {
        return REAL_AVAILABLE;
    }

    public static List<Choice> choices() {
        List<Choice> list = new ArrayList<>();
        if (REAL_AVAILABLE) {
            list.add(new Choice(StateBackendType.HASHMAP, StateBackendFactory.DEFAULT, "hashmap"));
            list.add(new Choice(StateBackendType.ROCKSDB, StateBackendFactory.DEFAULT, "rocksdb"));
        } else {
            list.add(new Choice(StateBackendType.HASHMAP, TEST_HEAP, "test-heap"));
        }
        return list;
    }

    private static boolean probeReal() {
        try {
            Path dir = Files.createTempDirectory("weir-probe");
            @SuppressWarnings({"unchecked", "rawtypes"})
            TypeSerializer<Object> keys = (TypeSerializer) Serializers.LONG;
            try (KeyedStateBackend b = StateBackendFactory.DEFAULT.create(StateBackendType.HASHMAP,
                    new StateBackendContext("probe", keys, 128, KeyGroupRange.all(128), dir), null)) {
                return b != null;
            }
        } catch (Exception | LinkageError e) {
            return false;
        }
    }
}

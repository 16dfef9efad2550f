package dev.weir.core.serde;

import dev.weir.core.type.CollectionValues;
import dev.weir.core.type.DataType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Serializers of ARRAY and MAP values: a varint size, then per element (per entry: key, value) a
 * null marker byte and the non-null value with its type's serializer. Null keys are allowed, as
 * SQL's {@code MAP[NULL, 1]} makes one.
 */
final class CollectionSerializers {
    private CollectionSerializers() {
    }

    static TypeSerializer<Object> array(DataType element) {
        return new ArraySerializer(Serializers.forType(element));
    }

    static TypeSerializer<Object> map(DataType key, DataType value) {
        return new MapSerializer(Serializers.forType(key), Serializers.forType(value));
    }

    private static void writeNullable(Object v, TypeSerializer<Object> serializer, DataOutput out) throws IOException {
        if (v == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            serializer.serialize(v, out);
        }
    }

    private static Object readNullable(TypeSerializer<Object> serializer, DataInput in) throws IOException {
        return in.readByte() == 0 ? null : serializer.deserialize(in);
    }

    private static final class ArraySerializer implements TypeSerializer<Object> {
        private final TypeSerializer<Object> element;

        ArraySerializer(TypeSerializer<Object> element) {
            this.element = Objects.requireNonNull(element, "element is null");
        }

        @Override
        public void serialize(Object value, DataOutput out) throws IOException {
            List<?> list = (List<?>) value;
            int n = list.size();
            VarInts.writeUnsigned(n, out);
            for (int i = 0; i < n; i++) {
                writeNullable(list.get(i), element, out);
            }
        }

        @Override
        public Object deserialize(DataInput in) throws IOException {
            Object[] elements = new Object[VarInts.readUnsigned(in)];
            for (int i = 0; i < elements.length; i++) {
                elements[i] = readNullable(element, in);
            }
            return CollectionValues.array(elements);
        }
    }

    private static final class MapSerializer implements TypeSerializer<Object> {
        private final TypeSerializer<Object> key;
        private final TypeSerializer<Object> value;

        MapSerializer(TypeSerializer<Object> key, TypeSerializer<Object> value) {
            this.key = Objects.requireNonNull(key, "key is null");
            this.value = Objects.requireNonNull(value, "value is null");
        }

        @Override
        public void serialize(Object v, DataOutput out) throws IOException {
            Map<?, ?> map = (Map<?, ?>) v;
            VarInts.writeUnsigned(map.size(), out);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                writeNullable(e.getKey(), key, out);
                writeNullable(e.getValue(), value, out);
            }
        }

        @Override
        public Object deserialize(DataInput in) throws IOException {
            int n = VarInts.readUnsigned(in);
            LinkedHashMap<Object, Object> entries = new LinkedHashMap<>(Math.max(4, n * 4 / 3 + 1));
            for (int i = 0; i < n; i++) {
                Object k = readNullable(key, in);
                entries.put(k, readNullable(value, in));
            }
            return CollectionValues.map(entries);
        }
    }
}

package dev.weir.core.serde;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.RowType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Serializes rows of one {@link RowType}: the kind byte, a null bit mask, then each non-null
 * field with its type's serializer.
 */
public final class RowSerializer implements TypeSerializer<Row> {
    private final TypeSerializer<Object>[] fieldSerializers;

    @SuppressWarnings("unchecked")
    public RowSerializer(RowType type) {
        fieldSerializers = new TypeSerializer[type.arity()];
        for (int i = 0; i < fieldSerializers.length; i++) {
            fieldSerializers[i] = Serializers.forType(type.type(i));
        }
    }

    @Override
    public void serialize(Row row, DataOutput out) throws IOException {
        out.writeByte(row.kind().toByteValue());
        int n = fieldSerializers.length;
        for (int base = 0; base < n; base += 8) {
            int mask = 0;
            for (int i = base; i < Math.min(base + 8, n); i++) {
                if (row.field(i) == null) {
                    mask |= 1 << (i - base);
                }
            }
            out.writeByte(mask);
        }
        for (int i = 0; i < n; i++) {
            Object v = row.field(i);
            if (v != null) {
                fieldSerializers[i].serialize(v, out);
            }
        }
    }

    @Override
    public Row deserialize(DataInput in) throws IOException {
        RowKind kind = RowKind.fromByteValue(in.readByte());
        int n = fieldSerializers.length;
        boolean[] isNull = new boolean[n];
        for (int base = 0; base < n; base += 8) {
            int mask = in.readByte();
            for (int i = base; i < Math.min(base + 8, n); i++) {
                isNull[i] = (mask & (1 << (i - base))) != 0;
            }
        }
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = isNull[i] ? null : fieldSerializers[i].deserialize(in);
        }
        return Row.wrap(kind, values);
    }
}

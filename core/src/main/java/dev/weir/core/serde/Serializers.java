package dev.weir.core.serde;

import dev.weir.core.type.DataType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Serializers for the internal representation of each SQL type. */
public final class Serializers {
    public static final TypeSerializer<Boolean> BOOLEAN = new TypeSerializer<>() {
        @Override public void serialize(Boolean v, DataOutput out) throws IOException { out.writeBoolean(v); }
        @Override public Boolean deserialize(DataInput in) throws IOException { return in.readBoolean(); }
    };
    public static final TypeSerializer<Byte> BYTE = new TypeSerializer<>() {
        @Override public void serialize(Byte v, DataOutput out) throws IOException { out.writeByte(v); }
        @Override public Byte deserialize(DataInput in) throws IOException { return in.readByte(); }
    };
    public static final TypeSerializer<Short> SHORT = new TypeSerializer<>() {
        @Override public void serialize(Short v, DataOutput out) throws IOException { out.writeShort(v); }
        @Override public Short deserialize(DataInput in) throws IOException { return in.readShort(); }
    };
    public static final TypeSerializer<Integer> INT = new TypeSerializer<>() {
        @Override public void serialize(Integer v, DataOutput out) throws IOException { out.writeInt(v); }
        @Override public Integer deserialize(DataInput in) throws IOException { return in.readInt(); }
    };
    public static final TypeSerializer<Long> LONG = new TypeSerializer<>() {
        @Override public void serialize(Long v, DataOutput out) throws IOException { out.writeLong(v); }
        @Override public Long deserialize(DataInput in) throws IOException { return in.readLong(); }
    };
    public static final TypeSerializer<Float> FLOAT = new TypeSerializer<>() {
        @Override public void serialize(Float v, DataOutput out) throws IOException { out.writeFloat(v); }
        @Override public Float deserialize(DataInput in) throws IOException { return in.readFloat(); }
    };
    public static final TypeSerializer<Double> DOUBLE = new TypeSerializer<>() {
        @Override public void serialize(Double v, DataOutput out) throws IOException { out.writeDouble(v); }
        @Override public Double deserialize(DataInput in) throws IOException { return in.readDouble(); }
    };
    public static final TypeSerializer<byte[]> BYTES = new TypeSerializer<>() {
        @Override public void serialize(byte[] v, DataOutput out) throws IOException {
            VarInts.writeUnsigned(v.length, out);
            out.write(v);
        }
        @Override public byte[] deserialize(DataInput in) throws IOException {
            byte[] b = new byte[VarInts.readUnsigned(in)];
            in.readFully(b);
            return b;
        }
    };
    /** UTF-8 with a varint length (DataOutput.writeUTF is limited to 64 KiB and uses modified UTF-8). */
    public static final TypeSerializer<String> STRING = new TypeSerializer<>() {
        @Override public void serialize(String v, DataOutput out) throws IOException {
            BYTES.serialize(v.getBytes(StandardCharsets.UTF_8), out);
        }
        @Override public String deserialize(DataInput in) throws IOException {
            return new String(BYTES.deserialize(in), StandardCharsets.UTF_8);
        }
    };
    public static final TypeSerializer<BigDecimal> DECIMAL = new TypeSerializer<>() {
        @Override public void serialize(BigDecimal v, DataOutput out) throws IOException {
            VarInts.writeSigned(v.scale(), out);
            BYTES.serialize(v.unscaledValue().toByteArray(), out);
        }
        @Override public BigDecimal deserialize(DataInput in) throws IOException {
            int scale = VarInts.readSigned(in);
            return new BigDecimal(new BigInteger(BYTES.deserialize(in)), scale);
        }
    };

    private Serializers() {
    }

    /** The serializer for values of the given type's internal representation. */
    @SuppressWarnings("unchecked")
    public static TypeSerializer<Object> forType(DataType type) {
        TypeSerializer<?> s = switch (type.root()) {
            case BOOLEAN -> BOOLEAN;
            case TINYINT -> BYTE;
            case SMALLINT -> SHORT;
            case INT, DATE, TIME -> INT;
            case BIGINT, TIMESTAMP, TIMESTAMP_LTZ -> LONG;
            case FLOAT -> FLOAT;
            case DOUBLE -> DOUBLE;
            case DECIMAL -> DECIMAL;
            case CHAR, VARCHAR -> STRING;
            case BYTES -> BYTES;
            case ARRAY -> CollectionSerializers.array(type.elementType());
            case MAP -> CollectionSerializers.map(type.keyType(), type.valueType());
        };
        return (TypeSerializer<Object>) s;
    }
}

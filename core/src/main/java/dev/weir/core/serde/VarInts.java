package dev.weir.core.serde;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** LEB128 variable-length integers: small lengths and counts take one byte. */
public final class VarInts {
    private VarInts() {
    }

    public static void writeUnsigned(int value, DataOutput out) throws IOException {
        while ((value & ~0x7F) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    public static int readUnsigned(DataInput in) throws IOException {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readByte();
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IOException("Malformed varint");
    }

    /** Zig-zag so that small negative numbers stay short. */
    public static void writeSigned(int value, DataOutput out) throws IOException {
        writeUnsigned((value << 1) ^ (value >> 31), out);
    }

    public static int readSigned(DataInput in) throws IOException {
        int raw = readUnsigned(in);
        return (raw >>> 1) ^ -(raw & 1);
    }
}

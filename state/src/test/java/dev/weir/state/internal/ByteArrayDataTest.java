package dev.weir.state.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import org.junit.jupiter.api.Test;

class ByteArrayDataTest {
    @Test
    void writesTheSameBytesAsDataOutputStreamAndReadsThemBack() throws Exception {
        ByteArrayDataOutput out = new ByteArrayDataOutput(1);
        ByteArrayOutputStream reference = new ByteArrayOutputStream();
        DataOutputStream ref = new DataOutputStream(reference);
        for (DataOutputWriter w : new DataOutputWriter[] {o -> o.writeInt(-5), o -> o.writeLong(Long.MIN_VALUE + 3),
                o -> o.writeShort(0xBEEF), o -> o.writeDouble(2.5), o -> o.writeFloat(-1.25f),
                o -> o.writeBoolean(true), o -> o.writeUTF("héllo \u20ac\u0000"), o -> o.write(new byte[] {1, 2, 3})}) {
            w.write(out);
            w.write(ref);
        }
        assertThat(out.toByteArray()).isEqualTo(reference.toByteArray());

        ByteArrayDataInput in = new ByteArrayDataInput().reset(out.toByteArray());
        assertThat(in.readInt()).isEqualTo(-5);
        assertThat(in.readLong()).isEqualTo(Long.MIN_VALUE + 3);
        assertThat(in.readUnsignedShort()).isEqualTo(0xBEEF);
        assertThat(in.readDouble()).isEqualTo(2.5);
        assertThat(in.readFloat()).isEqualTo(-1.25f);
        assertThat(in.readBoolean()).isTrue();
        assertThat(in.readUTF()).isEqualTo("héllo \u20ac\u0000");
        assertThat(in.remaining()).isEqualTo(3);
        in.skipBytes(3);
        assertThatThrownBy(in::readByte).isInstanceOf(EOFException.class);
    }

    @Test
    void rewindingKeepsThePrefix() {
        ByteArrayDataOutput out = new ByteArrayDataOutput(4);
        out.writeShort(7);
        out.writeInt(1);
        out.setPosition(2);
        out.writeByte(9);
        assertThat(out.toByteArray()).containsExactly(0, 7, 9);
    }

    @FunctionalInterface
    interface DataOutputWriter {
        void write(java.io.DataOutput out) throws Exception;
    }
}

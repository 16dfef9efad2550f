package dev.weir.connectors;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import java.math.BigDecimal;

/** A schema with one column of every type, and a row of internal values for it (shared by tests). */
public final class AllTypes {
    public static final RowType SCHEMA = RowType.builder()
            .add("b", DataType.of(TypeRoot.BOOLEAN))
            .add("ti", DataType.of(TypeRoot.TINYINT))
            .add("si", DataType.of(TypeRoot.SMALLINT))
            .add("i", DataType.of(TypeRoot.INT))
            .add("amount", DataType.bigint())
            .add("f", DataType.of(TypeRoot.FLOAT))
            .add("d", DataType.of(TypeRoot.DOUBLE))
            .add("dec", DataType.decimal(10, 2))
            .add("s", DataType.string())
            .add("dt", DataType.of(TypeRoot.DATE))
            .add("tm", DataType.of(TypeRoot.TIME))
            .add("ts", DataType.timestamp(3))
            .add("ltz", DataType.of(TypeRoot.TIMESTAMP_LTZ, 3))
            .add("by", DataType.of(TypeRoot.BYTES))
            .build();

    /** 2023-11-14 22:13:20 is epoch 1_700_000_000 s; 19675 is its epoch day. */
    public static Object[] values() {
        return new Object[] {true, (byte) 1, (short) 2, 3, 4L, 1.5f, 2.25, new BigDecimal("12.30"), "a,\"b\"", 19675,
                80_000_000, 1_700_000_000_000L, 1_700_000_000_123L, new byte[] {1, 2, 3}};
    }

    private AllTypes() {
    }
}

package dev.weir.core;

/** The change a row carries in a changelog stream, with Flink's short names. */
public enum RowKind {
    INSERT("+I", (byte) 0),
    UPDATE_BEFORE("-U", (byte) 1),
    UPDATE_AFTER("+U", (byte) 2),
    DELETE("-D", (byte) 3);

    private static final RowKind[] BY_VALUE = values();

    private final String shortString;
    private final byte value;

    RowKind(String shortString, byte value) {
        this.shortString = shortString;
        this.value = value;
    }

    public String shortString() {
        return shortString;
    }

    /** Stable byte used by binary formats; never reorder the constants. */
    public byte toByteValue() {
        return value;
    }

    public static RowKind fromByteValue(byte value) {
        if (value < 0 || value >= BY_VALUE.length) {
            throw new IllegalArgumentException("Unknown row kind byte: " + value);
        }
        return BY_VALUE[value];
    }

    /** +I and +U add a row to a result; -U and -D take one away. */
    public boolean isAccumulate() {
        return this == INSERT || this == UPDATE_AFTER;
    }
}

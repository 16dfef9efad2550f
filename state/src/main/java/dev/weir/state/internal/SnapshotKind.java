package dev.weir.state.internal;

/** Which backend wrote a snapshot, and therefore which files it holds. Codes are part of the format. */
public enum SnapshotKind {
    /** {@code state.meta}, {@code keyed-state.bin}, {@code timers.bin}. */
    HEAP(1),
    /** {@code state.meta}, {@code db/} (a RocksDB native checkpoint), {@code timers.bin}. */
    ROCKSDB(2);

    private final int code;

    SnapshotKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static SnapshotKind fromCode(int code) {
        for (SnapshotKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown snapshot kind code " + code);
    }
}

package dev.weir.state.internal;

/**
 * The shape of a registered state; recorded in snapshots so a state cannot be reopened as a
 * different shape. The byte values are part of the snapshot format: never renumber them.
 */
public enum StateKind {
    VALUE(1), LIST(2), MAP(3), REDUCING(4), AGGREGATING(5);

    private final int code;

    StateKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static StateKind fromCode(int code) {
        for (StateKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown state kind code " + code);
    }
}

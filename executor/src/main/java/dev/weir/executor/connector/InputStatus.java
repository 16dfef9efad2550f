package dev.weir.executor.connector;

/** What a source reader reports after a poll. */
public enum InputStatus {
    /** More rows can be read right away. */
    MORE_AVAILABLE,
    /** Nothing right now; poll again later (the runtime may back off briefly). */
    NOTHING_AVAILABLE,
    /** A bounded source has emitted everything. */
    END_OF_INPUT
}

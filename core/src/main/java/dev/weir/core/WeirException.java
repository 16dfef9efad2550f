package dev.weir.core;

/**
 * An error meant for the user: its message says what went wrong, where, and what to do. The
 * CLI prints only the message (the stack trace with {@code --verbose}).
 */
public class WeirException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WeirException(String message) {
        super(message);
    }

    public WeirException(String message, Throwable cause) {
        super(message, cause);
    }
}

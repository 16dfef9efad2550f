package dev.weir.executor.runtime;

/**
 * Carries a checked exception of a downstream operator through {@link dev.weir.executor.operator.Output},
 * whose methods cannot throw checked exceptions; the task unwraps it to report the real cause.
 */
final class OperatorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OperatorException(Exception cause) {
        super(cause);
    }

    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while (current instanceof OperatorException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}

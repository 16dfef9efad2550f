package dev.weir.server;

import dev.weir.core.WeirException;

/** Turns a job's failure into the message a JDBC user should read first. */
final class Failures {
    private Failures() {
    }

    /** The message of the innermost user error in the chain, else of the root cause. */
    static String message(Throwable failure) {
        Throwable c = failure;
        while (!(c instanceof WeirException) && c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() != null ? c.getMessage() : c.toString();
    }
}

package dev.weir.shell;

import dev.weir.core.WeirException;
import dev.weir.parser.SqlException;

/** Turns an exception into what the user reads: the message first, a stack trace only on request. */
final class ErrorReport {
    private ErrorReport() {
    }

    static String describe(Throwable e, boolean verbose) {
        String text = headline(e);
        return verbose ? text + System.lineSeparator() + stackTrace(e) : text;
    }

    private static String stackTrace(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t == e ? "" : "Caused by: ").append(t).append(System.lineSeparator());
            for (StackTraceElement frame : t.getStackTrace()) {
                sb.append("\tat ").append(frame).append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    private static String headline(Throwable e) {
        Throwable user = userError(e);
        if (user instanceof SqlException) {
            return user.getMessage();
        }
        if (user != null) {
            return "Error: " + user.getMessage();
        }
        return "Internal error: " + e + System.lineSeparator() + "(run with --verbose for the stack trace)";
    }

    /** The first error in the cause chain that was written for the user, if any. */
    static Throwable userError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SqlException || t instanceof WeirException) {
                return t;
            }
        }
        return null;
    }
}

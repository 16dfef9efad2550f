package dev.weir.server.jdbc;

import java.sql.SQLException;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaSqlException;

/**
 * Puts the server's own message first. Avatica wraps a server error as
 * {@code Error -1 (00000) : Error while executing SQL "…": Remote driver error: SqlException: …};
 * the user should first read what Weir said, e.g. {@code <jdbc>:1:8: Column 'x' not found}.
 */
final class RemoteErrors {
    private static final String REMOTE_PREFIX = "Remote driver error: ";
    /** The simple class name Avatica puts before each message of the server's cause chain. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("^[A-Za-z0-9_$]+(?:Exception|Error): ");

    private RemoteErrors() {
    }

    /** {@code e} with the server's message first, or {@code e} itself when it did not come from the server. */
    static SQLException clean(SQLException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String remote = null;
            if (c instanceof AvaticaSqlException a) {
                remote = a.getErrorMessage();
            } else if (c instanceof AvaticaClientRuntimeException r) {
                remote = r.getMessage();
            }
            if (remote != null) {
                return new SQLException(serverMessage(remote), e.getSQLState(), e.getErrorCode(), e);
            }
        }
        return e;
    }

    static String serverMessage(String remote) {
        int at = remote.indexOf(REMOTE_PREFIX);
        String m = at >= 0 ? remote.substring(at + REMOTE_PREFIX.length()) : remote;
        int chain = m.indexOf(" -> ");
        if (chain > 0) {
            m = m.substring(0, chain);
        }
        return CLASS_PREFIX.matcher(m).replaceFirst("");
    }
}

package dev.weir.shell;

import dev.weir.core.WeirException;
import dev.weir.parser.Position;
import dev.weir.parser.Script;
import dev.weir.parser.SqlException;
import dev.weir.parser.Statement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's error as the user should read it: a positioned error ({@code <jdbc>:1:8: reason},
 * relative to the statement the server got) becomes a {@link SqlException} at the same place in
 * the user's script or prompt input, so it reads exactly as a local one; anything else keeps the
 * server's message.
 */
final class ServerErrors {
    /** What the server names the statement text it parsed. */
    private static final String SERVER_SOURCE = "<jdbc>";
    private static final Pattern POSITIONED = Pattern.compile("(?s)^" + Pattern.quote(SERVER_SOURCE)
            + ":(\\d+):(\\d+): (.*)$");
    private static final String REMOTE_PREFIX = "Remote driver error: ";

    private ServerErrors() {
    }

    static RuntimeException toUserError(SQLException e, Script script, Statement statement) {
        String message = message(e);
        Matcher m = POSITIONED.matcher(message);
        if (m.matches()) {
            int line = Integer.parseInt(m.group(1));
            int column = Integer.parseInt(m.group(2));
            Position start = statement.position();
            Position at = new Position(start.line() + line - 1, line == 1 ? start.column() + column - 1 : column);
            return new SqlException(script, at, reason(m.group(3)));
        }
        return new WeirException(message, e);
    }

    /** The server's text: the Weir driver puts it first already; Avatica's own prefix is dropped if there. */
    static String message(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int at = m.indexOf(REMOTE_PREFIX);
        if (at >= 0) {
            m = m.substring(at + REMOTE_PREFIX.length()).replaceFirst("^[A-Za-z0-9_$]+(?:Exception|Error): ", "");
            int chain = m.indexOf(" -> ");
            if (chain > 0) {
                m = m.substring(0, chain);
            }
        }
        return m.strip();
    }

    /** The reason without the source line and caret line the server appended. */
    private static String reason(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length >= 3 && lines[lines.length - 1].strip().equals("^")) {
            return String.join("\n", Arrays.copyOf(lines, lines.length - 2));
        }
        return text;
    }
}

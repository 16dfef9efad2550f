package dev.weir.parser;

import java.util.Objects;

/**
 * A SQL error at a known place in a script: syntax errors from the parser, and later
 * validation errors from the planner.
 *
 * <p>{@link #getMessage()} reads
 * <pre>
 * file:line:column: reason
 * the offending line
 *        ^
 * </pre>
 * with the caret under the column; tabs of the offending line are repeated in the caret line so
 * the caret stays aligned in a terminal.
 */
public class SqlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final Position position;
    private final String reason;

    public SqlException(Script script, Position position, String reason) {
        this(script, position, reason, null);
    }

    public SqlException(Script script, Position position, String reason, Throwable cause) {
        super(format(Objects.requireNonNull(script, "script is null"),
                Objects.requireNonNull(position, "position is null"),
                Objects.requireNonNull(reason, "reason is null")), cause);
        this.sourceName = script.name();
        this.position = position;
        this.reason = reason;
    }

    /** The script's name, e.g. {@code quickstart.sql}. */
    public String sourceName() {
        return sourceName;
    }

    public Position position() {
        return position;
    }

    /** The message without location and source excerpt. */
    public String reason() {
        return reason;
    }

    private static String format(Script script, Position position, String reason) {
        String line = script.lineText(position.line());
        StringBuilder message = new StringBuilder();
        message.append(script.name()).append(':').append(position.line()).append(':')
                .append(position.column()).append(": ").append(reason).append('\n')
                .append(line).append('\n');
        int column = 1;
        for (int i = 0; i < line.length() && column < position.column(); column++) {
            int codePoint = line.codePointAt(i);
            message.append(codePoint == '\t' ? '\t' : ' ');
            i += Character.charCount(codePoint);
        }
        for (; column < position.column(); column++) {
            message.append(' ');
        }
        return message.append('^').toString();
    }
}

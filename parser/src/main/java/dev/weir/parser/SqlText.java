package dev.weir.parser;

import java.util.Objects;

/**
 * A query or expression kept as text for Calcite, with where it starts in the script, so
 * that errors Calcite reports inside the text can be mapped back to script coordinates.
 */
public record SqlText(String text, Position start, Script script) {

    public SqlText {
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(start, "start is null");
        Objects.requireNonNull(script, "script is null");
    }

    /** Converts a 1-based (line, column) inside {@link #text()} to a script position. */
    public Position toScriptPosition(int lineInText, int columnInText) {
        if (lineInText < 1 || columnInText < 1) {
            throw new IllegalArgumentException(
                    "line and column are 1-based but were " + lineInText + ":" + columnInText);
        }
        if (lineInText == 1) {
            // Only the first line of the text is shifted: it starts mid-line in the script.
            return new Position(start.line(), start.column() + columnInText - 1);
        }
        return new Position(start.line() + lineInText - 1, columnInText);
    }

    /** An {@link SqlException} at that position inside text (used by the planner for Calcite errors). */
    public SqlException errorAt(int lineInText, int columnInText, String message) {
        return new SqlException(script, toScriptPosition(lineInText, columnInText), message);
    }

    @Override
    public String toString() {
        return text;
    }
}

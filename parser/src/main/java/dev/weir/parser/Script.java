package dev.weir.parser;

import java.util.Objects;

/**
 * A SQL script as the user wrote it.
 *
 * @param name how the script is named in messages, e.g. {@code quickstart.sql} or {@code <stdin>}
 * @param text the full source text
 */
public record Script(String name, String text) {

    public Script {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(text, "text is null");
    }

    /**
     * Returns the text of a 1-based line without its line terminator, or an empty string for a
     * line past the end (an error at the very end of a script points there).
     * Lines are split at {@code \n} only, like the lexer counts them; a trailing {@code \r} is dropped.
     */
    public String lineText(int line) {
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1 but was " + line);
        }
        int start = 0;
        for (int current = 1; current < line; current++) {
            int newline = text.indexOf('\n', start);
            if (newline < 0) {
                return "";
            }
            start = newline + 1;
        }
        int end = text.indexOf('\n', start);
        if (end < 0) {
            end = text.length();
        }
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(start, end);
    }
}

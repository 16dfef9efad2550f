package dev.weir.shell;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;

/** Keeps reading lines until the statement ends with ';' (outside strings and comments), or is a bare command. */
final class StatementLineParser implements Parser {
    private final DefaultParser words = new DefaultParser() {
        // Punctuation separates words too, so "('conn" completes as the word "'conn".
        @Override
        public boolean isDelimiterChar(CharSequence buffer, int pos) {
            char c = buffer.charAt(pos);
            return Character.isWhitespace(c) || c == '(' || c == ')' || c == ',' || c == '=' || c == ';';
        }
    };

    StatementLineParser() {
        // Quotes stay part of the word, so completing 'conn offers 'connector' (with its quotes).
        words.setQuoteChars(new char[0]);
        words.setEscapeChars(new char[0]);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !isComplete(line)) {
            throw new EOFError(-1, -1, "statement not ended with ';'", ";");
        }
        return words.parse(line, cursor, context);
    }

    static boolean isComplete(String text) {
        String bare = text.strip().toUpperCase(java.util.Locale.ROOT);
        if (bare.isEmpty() || bare.equals("QUIT") || bare.equals("EXIT") || bare.equals("HELP")) {
            return true;
        }
        boolean inString = false;
        boolean inIdentifier = false;
        boolean endsWithSemicolon = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                inString = c != '\'';
            } else if (inIdentifier) {
                inIdentifier = c != '`';
            } else if (c == '\'') {
                inString = true;
                endsWithSemicolon = false;
            } else if (c == '`') {
                inIdentifier = true;
                endsWithSemicolon = false;
            } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                int newline = text.indexOf('\n', i);
                i = newline < 0 ? text.length() : newline;
            } else if (c == ';') {
                endsWithSemicolon = true;
            } else if (!Character.isWhitespace(c)) {
                endsWithSemicolon = false;
            }
        }
        return endsWithSemicolon && !inString && !inIdentifier;
    }
}

package dev.weir.shell;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;

/**
 * Keeps reading lines until the statement ends with ';' (outside strings and comments), or is a bare
 * command; an {@code EXECUTE STATEMENT SET BEGIN …} runs on until its {@code END;}.
 */
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

    /** {@code [EXPLAIN] [EXECUTE] STATEMENT SET}: its INSERTs end with ';' too, the set with {@code END;}. */
    private static final java.util.regex.Pattern STATEMENT_SET = java.util.regex.Pattern.compile(
            "^\\s*(EXPLAIN\\s+(PLAN\\s+FOR\\s+)?)?(EXECUTE\\s+STATEMENT|STATEMENT)\\s+SET\\b.*", java.util.regex.Pattern.DOTALL);
    private static final java.util.regex.Pattern ENDS_WITH_END = java.util.regex.Pattern.compile(
            ".*\\bEND\\s*;\\s*$", java.util.regex.Pattern.DOTALL);

    static boolean isComplete(String text) {
        String bare = text.strip().toUpperCase(java.util.Locale.ROOT);
        if (bare.isEmpty() || bare.equals("QUIT") || bare.equals("EXIT") || bare.equals("HELP")) {
            return true;
        }
        boolean inString = false;
        boolean inIdentifier = false;
        boolean endsWithSemicolon = false;
        StringBuilder code = new StringBuilder(text.length()); // the text outside strings and comments
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            code.append(inString || inIdentifier || c == '\'' || c == '`' ? ' ' : c);
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
                code.setLength(code.length() - 1);
                i = newline < 0 ? text.length() : newline;
                code.append(' ');
            } else if (c == ';') {
                endsWithSemicolon = true;
            } else if (!Character.isWhitespace(c)) {
                endsWithSemicolon = false;
            }
        }
        if (!endsWithSemicolon || inString || inIdentifier) {
            return false;
        }
        String upper = code.toString().toUpperCase(java.util.Locale.ROOT);
        return !STATEMENT_SET.matcher(upper).matches() || ENDS_WITH_END.matcher(upper).matches();
    }
}

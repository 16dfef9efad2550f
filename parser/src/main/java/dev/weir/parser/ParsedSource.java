package dev.weir.parser;

import java.util.Objects;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

/** Maps tokens and parse-tree nodes of one script back to its positions and original text. */
final class ParsedSource {

    private final Script script;
    private final CharStream chars;

    ParsedSource(Script script, CharStream chars) {
        this.script = Objects.requireNonNull(script, "script is null");
        this.chars = Objects.requireNonNull(chars, "chars is null");
    }

    Script script() {
        return script;
    }

    Position position(Token token) {
        // ANTLR counts columns from 0, in code points; ours are 1-based.
        return new Position(token.getLine(), token.getCharPositionInLine() + 1);
    }

    Position position(ParserRuleContext context) {
        return position(context.getStart());
    }

    /** The original text of a node, comments inside it included, whitespace around it excluded. */
    String text(ParserRuleContext context) {
        return chars.getText(Interval.of(context.getStart().getStartIndex(), context.getStop().getStopIndex()));
    }

    /** The original text from the start of {@code first} to the end of {@code last}. */
    String text(Token first, Token last) {
        return chars.getText(Interval.of(first.getStartIndex(), last.getStopIndex()));
    }

    SqlText sqlText(ParserRuleContext context) {
        return new SqlText(text(context), position(context), script);
    }

    SqlException error(Token token, String reason) {
        return new SqlException(script, position(token), reason);
    }

    SqlException error(ParserRuleContext context, String reason) {
        return error(context.getStart(), reason);
    }

    /** The value of a {@code '...'} literal: quotes removed, {@code ''} unescaped. */
    static String stringValue(Token literal) {
        String text = literal.getText();
        return text.substring(1, text.length() - 1).replace("''", "'");
    }
}

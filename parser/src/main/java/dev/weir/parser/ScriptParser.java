package dev.weir.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CodePointCharStream;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;

/**
 * Splits a Flink SQL script into statements and parses each one.
 *
 * <p>Statements are separated by {@code ;} (the last may omit it); {@code --} and {@code /* *}{@code /}
 * comments may appear anywhere, and a {@code ;} inside a string literal or a backtick identifier
 * does not split. Empty statements are skipped. Query bodies and expressions are not parsed here:
 * they are kept as {@link SqlText} for the planner.
 */
public final class ScriptParser {

    private ScriptParser() {
    }

    /**
     * Parses every statement of a script, in order.
     *
     * @throws SqlException at the first error, positioned in the script
     */
    public static List<Statement> parse(Script script) {
        Objects.requireNonNull(script, "script is null");
        CodePointCharStream chars = CharStreams.fromString(script.text(), script.name());
        ParsedSource source = new ParsedSource(script, chars);

        WeirStatementsLexer lexer = new WeirStatementsLexer(chars);
        lexer.removeErrorListeners();
        lexer.addErrorListener(new LexerErrors(source));
        WeirStatementsParser parser = new WeirStatementsParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.setErrorHandler(new SyntaxErrorStrategy(source));

        // One statement at a time, so a statement is built (and checked) before the next is parsed
        // and the first problem in the script is the one reported.
        StatementBuilder builder = new StatementBuilder(source);
        List<Statement> statements = new ArrayList<>();
        WeirStatementsParser.StatementSlotContext slot;
        do {
            slot = parser.statementSlot();
            if (slot.statement() != null) {
                statements.add(builder.build(slot.statement()));
            }
        } while (slot.EOF() == null);
        return List.copyOf(statements);
    }

    /** The lexer has a catch-all token, so this only fires on input it cannot decode at all. */
    private static final class LexerErrors extends BaseErrorListener {

        private final ParsedSource source;

        LexerErrors(ParsedSource source) {
            this.source = source;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
                int charPositionInLine, String msg, RecognitionException e) {
            throw new SqlException(source.script(), new Position(line, charPositionInLine + 1),
                    "Unexpected character: " + msg);
        }
    }
}

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
     * Parses every statement of a script, in order. A {@code BEGIN STATEMENT SET; INSERT …; END;}
     * block becomes one {@link StatementSet}, as {@code EXECUTE STATEMENT SET} does, so a script
     * never holds the {@link BeginStatementSet} and {@link EndStatementSet} markers.
     *
     * @throws SqlException at the first error, positioned in the script
     */
    public static List<Statement> parse(Script script) {
        return parse(script, true);
    }

    /**
     * Parses a statement or a few typed at the prompt or sent over JDBC: {@code BEGIN STATEMENT SET}
     * and {@code END} stay markers, because the INSERTs between them may come in later inputs
     * (the session collects them); otherwise as {@link #parse}.
     */
    public static List<Statement> parseInteractive(Script script) {
        return parse(script, false);
    }

    private static List<Statement> parse(Script script, boolean foldStatementSets) {
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
        StatementSetBlock block = null;
        WeirStatementsParser.StatementSlotContext slot;
        do {
            slot = parser.statementSlot();
            if (slot.statement() == null) {
                continue;
            }
            Statement statement = builder.build(slot.statement());
            if (!foldStatementSets) {
                statements.add(statement);
            } else if (block != null) {
                if (statement instanceof EndStatementSet) {
                    statements.add(block.end(slot.statement()));
                    block = null;
                } else {
                    block.add(statement);
                }
            } else if (statement instanceof BeginStatementSet) {
                block = new StatementSetBlock(source, slot.statement());
            } else if (statement instanceof EndStatementSet) {
                throw new SqlException(script, statement.position(), "END without BEGIN STATEMENT SET: END closes "
                        + "a statement set opened with BEGIN STATEMENT SET; remove it, or open the set first");
            } else {
                statements.add(statement);
            }
        } while (slot.EOF() == null);
        if (block != null) {
            throw block.unclosed();
        }
        return List.copyOf(statements);
    }

    /** The INSERTs of a {@code BEGIN STATEMENT SET;} block read so far. */
    private static final class StatementSetBlock {
        private final ParsedSource source;
        private final WeirStatementsParser.StatementContext begin;
        private final List<Insert> inserts = new ArrayList<>();

        StatementSetBlock(ParsedSource source, WeirStatementsParser.StatementContext begin) {
            this.source = source;
            this.begin = begin;
        }

        void add(Statement statement) {
            if (!(statement instanceof Insert insert)) {
                throw new SqlException(source.script(), statement.position(), "Only INSERT INTO statements may "
                        + "stand between BEGIN STATEMENT SET (at " + source.position(begin) + ") and END, not "
                        + firstWords(statement.text()) + "; move it before BEGIN STATEMENT SET, or add END; "
                        + "before it");
            }
            inserts.add(insert);
        }

        StatementSet end(WeirStatementsParser.StatementContext end) {
            if (inserts.isEmpty()) {
                throw new SqlException(source.script(), source.position(end), "The statement set opened at "
                        + source.position(begin) + " is empty: write one or more INSERT INTO statements between "
                        + "BEGIN STATEMENT SET; and END;, or remove both");
            }
            return new StatementSet(source.position(begin), source.text(begin.getStart(), end.getStop()), inserts);
        }

        SqlException unclosed() {
            return new SqlException(source.script(), source.position(begin), "BEGIN STATEMENT SET is never closed: "
                    + "add END; after its INSERT INTO statements");
        }

        private static String firstWords(String text) {
            String[] words = text.strip().split("\\s+", 3);
            String first = words[0].toUpperCase(java.util.Locale.ROOT);
            if (words.length > 1 && (first.equals("CREATE") || first.equals("DROP") || first.equals("SHOW"))) {
                return first + " " + words[1].toUpperCase(java.util.Locale.ROOT);
            }
            return first;
        }
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

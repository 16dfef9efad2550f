package dev.weir.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Stops at the first syntax error and turns it into an {@link SqlException} written for a person
 * ("Syntax error at 'TABL': expected TEMPORARY, TABLE or VIEW after CREATE") instead of ANTLR's
 * "mismatched input ... expecting {...}". It never recovers: a script with an error is not run.
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {

    /** Past this many alternatives a list stops helping; a description of the context is used instead. */
    private static final int MAX_LISTED = 8;

    private static final String STATEMENT_KINDS =
            "a statement (CREATE, DROP, INSERT, SELECT, WITH, VALUES, SET, RESET, SHOW, DESCRIBE, EXPLAIN or "
                    + "EXECUTE STATEMENT SET)";

    /** Keywords that may also be identifiers; when an identifier is expected they are not listed one by one. */
    private static final IntervalSet NON_RESERVED = nonReserved();

    private final ParsedSource source;

    SyntaxErrorStrategy(ParsedSource source) {
        this.source = Objects.requireNonNull(source, "source is null");
    }

    @Override
    public void reportError(Parser parser, RecognitionException e) {
        Token offending = e.getOffendingToken() != null ? e.getOffendingToken() : parser.getCurrentToken();
        IntervalSet expected = e.getExpectedTokens();
        if (e instanceof FailedPredicateException) {
            // The only predicate guards the COMMENT keyword inside an expression.
            expected = null;
        } else if (e instanceof NoViableAltException noViable && noViable.getStartToken() != offending) {
            // The expected set is the one at the decision's start, not at the offending token.
            expected = null;
        }
        throw error(parser, offending, expected);
    }

    @Override
    public void recover(Parser parser, RecognitionException e) {
        reportError(parser, e);
    }

    @Override
    public Token recoverInline(Parser parser) {
        throw error(parser, parser.getCurrentToken(), parser.getExpectedTokens());
    }

    @Override
    protected void reportUnwantedToken(Parser parser) {
        throw error(parser, parser.getCurrentToken(), parser.getExpectedTokens());
    }

    @Override
    protected void reportMissingToken(Parser parser) {
        throw error(parser, parser.getCurrentToken(), parser.getExpectedTokens());
    }

    private SqlException error(Parser parser, Token offending, IntervalSet expected) {
        if (offending.getType() == WeirStatementsLexer.UNCLOSED) {
            return source.error(offending, unclosed(offending.getText()));
        }
        String found = found(offending);
        Token previous = previous(parser.getInputStream(), offending);
        Position where = where(offending, previous);
        if (expected != null && expected.contains(WeirStatementsLexer.RPAREN)
                && (offending.getType() == Token.EOF || offending.getType() == WeirStatementsLexer.SEMI)) {
            Token open = unmatchedOpenParenthesis(parser, offending);
            if (open != null) {
                return new SqlException(source.script(), where, "Syntax error at " + found
                        + ": missing ')' to close the '(' at " + source.position(open));
            }
        }
        String special = specialCase(previous, offending, found);
        if (special != null) {
            return new SqlException(source.script(), where, special);
        }
        String after = after(previous);
        String expectation = expectation(parser, expected);
        String reason = expectation == null
                ? "Syntax error: unexpected " + found + after
                : "Syntax error at " + found + ": expected " + expectation + after;
        return new SqlException(source.script(), where, reason + hint(parser.getContext()));
    }

    /**
     * The offending token's position; at the end of the script, the place right after the last
     * token instead, so the caret lands on the incomplete statement rather than on an empty line.
     */
    private Position where(Token offending, Token previous) {
        if (offending.getType() != Token.EOF || previous == null) {
            return source.position(offending);
        }
        String text = previous.getText();
        int newline = text.lastIndexOf('\n');
        if (newline < 0) {
            return new Position(previous.getLine(),
                    previous.getCharPositionInLine() + 1 + text.codePointCount(0, text.length()));
        }
        int lines = 0;
        for (int i = 0; i < text.length(); i++) {
            lines += text.charAt(i) == '\n' ? 1 : 0;
        }
        return new Position(previous.getLine() + lines, text.codePointCount(newline + 1, text.length()) + 1);
    }

    private static String unclosed(String text) {
        return switch (text) {
            case "'" -> "Unterminated string literal: add the closing ' (write '' for a quote inside a string)";
            case "`" -> "Unterminated quoted identifier: add the closing `";
            case "\"" -> "Unterminated double-quoted text: add the closing \"";
            default -> "Unterminated comment: add the closing */";
        };
    }

    private static String found(Token token) {
        if (token.getType() == Token.EOF) {
            return "end of script";
        }
        if (token.getType() == WeirStatementsLexer.STRING) {
            return "string " + abbreviate(token.getText());
        }
        return "'" + abbreviate(token.getText()) + "'";
    }

    /** The token before the offending one, or null at the start of the script. */
    private static Token previous(TokenStream tokens, Token offending) {
        for (int i = offending.getTokenIndex() - 1; i >= 0; i--) {
            Token previous = tokens.get(i);
            if (previous.getChannel() == Token.DEFAULT_CHANNEL) {
                return previous;
            }
        }
        return null;
    }

    /** " after X" naming the previous token, or "" at the start of the script. */
    private static String after(Token previous) {
        if (previous == null) {
            return "";
        }
        int type = previous.getType();
        return " after " + (isKeyword(type) ? symbolicName(type)
                : type == WeirStatementsLexer.STRING ? abbreviate(previous.getText())
                : "'" + abbreviate(previous.getText()) + "'");
    }

    /** Mistakes common enough to deserve their own message. */
    private static String specialCase(Token previous, Token offending, String found) {
        if (previous == null) {
            return null;
        }
        if ((previous.getType() == WeirStatementsLexer.SET || previous.getType() == WeirStatementsLexer.RESET)
                && offending.getType() != WeirStatementsLexer.STRING && offending.getType() != Token.EOF
                && offending.getType() != WeirStatementsLexer.SEMI) {
            return previous.getType() == WeirStatementsLexer.SET
                    ? "Syntax error at " + found + ": SET expects 'key' = 'value' with both in single quotes, "
                            + "or nothing to list the current options"
                    : "Syntax error at " + found + ": RESET expects a 'key' in single quotes, "
                            + "or nothing to reset all options";
        }
        String type = previous.getText().toUpperCase(Locale.ROOT);
        if (offending.getText().equals("<") && (type.equals("ROW") || type.equals("MULTISET"))) {
            return "Type " + type + "<...> is not supported yet. Known types: " + TypeNames.KNOWN_TYPES;
        }
        return null;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 37) + "...";
    }

    /** The expected tokens in words, or null if listing them would not help. */
    private static String expectation(Parser parser, IntervalSet expected) {
        String described = describeContext(parser.getContext(), expected);
        if (described != null) {
            return described;
        }
        if (expected == null) {
            return null;
        }
        boolean identifier = expected.contains(WeirStatementsLexer.IDENT)
                || expected.contains(WeirStatementsLexer.QUOTED_IDENT);
        List<String> names = new ArrayList<>();
        for (int type : expected.toList()) {
            if (type == WeirStatementsLexer.IDENT || type == WeirStatementsLexer.QUOTED_IDENT
                    || (identifier && NON_RESERVED.contains(type))) {
                continue;
            }
            String name = displayName(type);
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        if (identifier) {
            names.add("an identifier");
        }
        // "';' or end of script" reads better than the reverse.
        if (names.remove("end of script")) {
            names.add("end of script");
        }
        if (names.isEmpty() || names.size() > MAX_LISTED) {
            return null;
        }
        return joinAlternatives(names);
    }

    /** A description for contexts where the raw token list would be long or obscure. */
    private static String describeContext(ParserRuleContext context, IntervalSet expected) {
        if (context == null) {
            return null;
        }
        int rule = context.getRuleIndex();
        if ((rule == WeirStatementsParser.RULE_statementSlot || rule == WeirStatementsParser.RULE_statement)
                && expected != null && expected.contains(WeirStatementsLexer.CREATE)) {
            return STATEMENT_KINDS;
        }
        if (rule == WeirStatementsParser.RULE_statementSetBody && expected != null
                && expected.contains(WeirStatementsLexer.END)) {
            return "INSERT INTO or END (to close the statement set)";
        }
        if (rule == WeirStatementsParser.RULE_expression || rule == WeirStatementsParser.RULE_expressionAtom) {
            return "an expression";
        }
        if (rule == WeirStatementsParser.RULE_columnDefinition && expected != null
                && expected.contains(WeirStatementsLexer.AS) && expected.contains(WeirStatementsLexer.IDENT)) {
            return "a column type (e.g. INT, STRING, TIMESTAMP(3)) or AS followed by an expression";
        }
        if (rule == WeirStatementsParser.RULE_query && expected != null && expected.contains(WeirStatementsLexer.SELECT)) {
            return "a query (SELECT, WITH, VALUES or '(')";
        }
        return null;
    }

    private static String hint(ParserRuleContext context) {
        if (context != null && context.getRuleIndex() == WeirStatementsParser.RULE_tableOption) {
            return " (table options are written 'key' = 'value', both quoted)";
        }
        if (context != null && context.getRuleIndex() == WeirStatementsParser.RULE_setStatement) {
            return " (write SET 'key' = 'value', both quoted)";
        }
        return "";
    }

    private static String joinAlternatives(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String displayName(int type) {
        if (type == Token.EOF) {
            return "end of script";
        }
        if (type == WeirStatementsLexer.STRING) {
            return "a string literal";
        }
        if (type == WeirStatementsLexer.INTEGER_VALUE) {
            return "a number";
        }
        if (isKeyword(type)) {
            return symbolicName(type);
        }
        Vocabulary vocabulary = WeirStatementsParser.VOCABULARY;
        String literal = vocabulary.getLiteralName(type);
        return literal != null ? literal : vocabulary.getDisplayName(type);
    }

    private static boolean isKeyword(int type) {
        String literal = WeirStatementsParser.VOCABULARY.getLiteralName(type);
        return literal != null && literal.length() > 2 && Character.isLetter(literal.charAt(1));
    }

    private static String symbolicName(int type) {
        return WeirStatementsParser.VOCABULARY.getSymbolicName(type);
    }

    /** The innermost '(' of the current statement that no ')' closes before the offending token. */
    private static Token unmatchedOpenParenthesis(Parser parser, Token offending) {
        ParserRuleContext root = parser.getContext();
        while (root != null && root.getParent() != null) {
            root = root.getParent();
        }
        int from = root == null ? 0 : root.getStart().getTokenIndex();
        TokenStream tokens = parser.getInputStream();
        List<Token> open = new ArrayList<>();
        for (int i = from; i < offending.getTokenIndex(); i++) {
            Token token = tokens.get(i);
            if (token.getType() == WeirStatementsLexer.LPAREN) {
                open.add(token);
            } else if (token.getType() == WeirStatementsLexer.RPAREN && !open.isEmpty()) {
                open.remove(open.size() - 1);
            }
        }
        return open.isEmpty() ? null : open.get(open.size() - 1);
    }

    private static IntervalSet nonReserved() {
        ATN atn = WeirStatementsParser._ATN;
        return atn.nextTokens(atn.ruleToStartState[WeirStatementsParser.RULE_nonReserved]);
    }
}

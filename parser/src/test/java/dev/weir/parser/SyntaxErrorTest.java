package dev.weir.parser;

import static dev.weir.parser.Parsing.error;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntaxErrorTest {

    @Test
    void misspelledKeywordAfterCreate() {
        SqlException error = error("SELECT 1;\nCREATE TABL t (a INT)");
        assertThat(error.position()).isEqualTo(new Position(2, 8));
        assertThat(error.sourceName()).isEqualTo(Parsing.FILE);
        assertThat(error.reason()).isEqualTo("Syntax error at 'TABL': expected TABLE, TEMPORARY or VIEW after CREATE");
        assertThat(error.getMessage()).isEqualTo("""
                test.sql:2:8: Syntax error at 'TABL': expected TABLE, TEMPORARY or VIEW after CREATE
                CREATE TABL t (a INT)
                       ^""");
    }

    @Test
    void firstLineOfTheMessageIsFileLineColumn() {
        SqlException error = error("SHOW TABLES;\n\n  DROP t;");
        assertThat(error.getMessage().lines().findFirst().orElseThrow())
                .isEqualTo("test.sql:3:8: Syntax error at 't': expected TABLE, TEMPORARY or VIEW after DROP");
    }

    @Test
    void missingClosingParenthesisNamesTheOpeningOne() {
        SqlException error = error("CREATE TABLE t (\n  a INT,\n  b INT\n;\nSELECT 1");
        assertThat(error.getMessage()).isEqualTo("""
                test.sql:4:1: Syntax error at ';': missing ')' to close the '(' at 1:16
                ;
                ^""");
        SqlException atEnd = error("CREATE TABLE t (a INT, b AS CONCAT(a, 'x'");
        assertThat(atEnd.reason()).isEqualTo("Syntax error at end of script: missing ')' to close the '(' at 1:35");
        assertThat(atEnd.position()).isEqualTo(new Position(1, 42));
    }

    @Test
    void unterminatedStringPointsAtItsStart() {
        SqlException error = error("SET 'a' = 'b';\nSELECT 'abc;\nSELECT 2;");
        assertThat(error.getMessage()).isEqualTo("""
                test.sql:2:8: Unterminated string literal: add the closing ' (write '' for a quote inside a string)
                SELECT 'abc;
                       ^""");
    }

    @Test
    void unterminatedCommentAndIdentifierPointAtTheirStart() {
        SqlException comment = error("SELECT 1;\n  /* never closed;\nSELECT 2");
        assertThat(comment.position()).isEqualTo(new Position(2, 3));
        assertThat(comment.reason()).isEqualTo("Unterminated comment: add the closing */");

        SqlException identifier = error("CREATE TABLE `t (a INT)");
        assertThat(identifier.position()).isEqualTo(new Position(1, 14));
        assertThat(identifier.reason()).isEqualTo("Unterminated quoted identifier: add the closing `");
    }

    @Test
    void earlierSyntaxErrorWinsOverALaterUnterminatedString() {
        SqlException error = error("CREATE TABL t (a INT);\nSELECT 'abc");
        assertThat(error.position()).isEqualTo(new Position(1, 8));
    }

    @Test
    void unknownStatement() {
        SqlException error = error("CRATE TABLE t (a INT)");
        assertThat(error.position()).isEqualTo(new Position(1, 1));
        assertThat(error.reason()).isEqualTo("Syntax error at 'CRATE': expected a statement (CREATE, DROP, INSERT, "
                + "SELECT, WITH, VALUES, SET, RESET, SHOW, DESCRIBE, EXPLAIN or EXECUTE STATEMENT SET)");
    }

    @Test
    void missingSemicolonBetweenStatements() {
        SqlException error = error("SET 'a' = 'b' SET 'c' = 'd'");
        assertThat(error.position()).isEqualTo(new Position(1, 15));
        assertThat(error.reason()).isEqualTo("Syntax error at 'SET': expected ';' or end of script after 'b'");
    }

    @Test
    void unquotedSetKey() {
        SqlException error = error("SET table.local-time-zone = 'UTC'");
        assertThat(error.position()).isEqualTo(new Position(1, 5));
        assertThat(error.reason()).isEqualTo("Syntax error at 'table': SET expects 'key' = 'value' with both in "
                + "single quotes, or nothing to list the current options");
    }

    @Test
    void unquotedOptionValue() {
        SqlException error = error("CREATE TABLE t (a INT) WITH ('connector' = print)");
        assertThat(error.position()).isEqualTo(new Position(1, 44));
        assertThat(error.reason()).isEqualTo("Syntax error at 'print': expected a string literal after '=' "
                + "(table options are written 'key' = 'value', both quoted)");
    }

    @Test
    void columnWithoutType() {
        SqlException error = error("CREATE TABLE t (a, b INT)");
        assertThat(error.position()).isEqualTo(new Position(1, 18));
        assertThat(error.reason()).isEqualTo("Syntax error at ',': expected a column type (e.g. INT, STRING, "
                + "TIMESTAMP(3)) or AS followed by an expression after 'a'");
    }

    @Test
    void emptyComputedColumnExpression() {
        assertThat(error("CREATE TABLE t (a AS , b INT)").reason())
                .isEqualTo("Syntax error at ',': expected an expression after AS");
        assertThat(error("CREATE TABLE t (a AS COMMENT 'x')").reason())
                .isEqualTo("Syntax error at 'COMMENT': expected an expression after AS");
    }

    @Test
    void trailingCommaInColumns() {
        SqlException error = error("CREATE TABLE t (a INT, ) WITH ('connector' = 'print')");
        assertThat(error.position()).isEqualTo(new Position(1, 24));
        assertThat(error.reason())
                .isEqualTo("Syntax error at ')': expected CONSTRAINT, PRIMARY, WATERMARK or an identifier after ','");
    }

    @Test
    void incompleteStatementAtEndOfScript() {
        SqlException view = error("CREATE VIEW v AS");
        assertThat(view.position()).isEqualTo(new Position(1, 17));
        assertThat(view.reason())
                .isEqualTo("Syntax error at end of script: expected a query (SELECT, WITH, VALUES or '(') after AS");
        SqlException multiLine = error("SELECT 1;\nCREATE VIEW v\n  AS\n\n");
        assertThat(multiLine.getMessage()).isEqualTo("""
                test.sql:3:5: Syntax error at end of script: expected a query (SELECT, WITH, VALUES or '(') after AS
                  AS
                    ^""");
        assertThat(error("DESCRIBE").reason())
                .isEqualTo("Syntax error at end of script: expected an identifier after DESCRIBE");
    }

    @Test
    void unsupportedStatements() {
        assertThat(error("SHOW VIEWS").reason()).isEqualTo("Syntax error at 'VIEWS': expected JOBS or TABLES after SHOW");
        assertThat(error("INSERT t SELECT 1").reason())
                .isEqualTo("Syntax error at 't': expected INTO or OVERWRITE after INSERT");
        SqlException overwrite = error("INSERT OVERWRITE t SELECT 1");
        assertThat(overwrite.position()).isEqualTo(new Position(1, 8));
        assertThat(overwrite.reason()).startsWith("INSERT OVERWRITE is not supported").endsWith("use INSERT INTO");
        assertThat(error("EXPLAIN CREATE TABLE t (a INT)").reason()).isEqualTo(
                "Syntax error at 'CREATE': expected EXECUTE, INSERT, PLAN, SELECT, STATEMENT, VALUES, WITH or '(' after EXPLAIN");
    }

    @Test
    void primaryKeyMustBeNotEnforced() {
        assertThat(error("CREATE TABLE t (a INT, PRIMARY KEY (a) NOT FOO)").reason())
                .isEqualTo("Syntax error at 'FOO': expected ENFORCED after NOT");
    }

    @Test
    void tabsInTheOffendingLineKeepTheCaretAligned() {
        SqlException error = error("\tCREATE\tTABL t (a INT)");
        assertThat(error.position()).isEqualTo(new Position(1, 9));
        assertThat(error.getMessage()).endsWith("\n\tCREATE\tTABL t (a INT)\n\t      \t^");
    }
}

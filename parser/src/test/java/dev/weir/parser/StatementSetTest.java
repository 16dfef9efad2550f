package dev.weir.parser;

import static dev.weir.parser.Parsing.error;
import static dev.weir.parser.Parsing.parse;
import static dev.weir.parser.Parsing.single;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSetTest {

    @Test
    void executeStatementSetHoldsItsInserts() {
        StatementSet set = single("EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a SELECT x FROM t;\n"
                + "  insert into b (y) SELECT y FROM t WHERE y > ';';\nEND", StatementSet.class);
        assertThat(set.position()).isEqualTo(new Position(1, 1));
        assertThat(set.inserts()).extracting(Insert::table).containsExactly("a", "b");
        assertThat(set.inserts().get(0).position()).isEqualTo(new Position(3, 3));
        assertThat(set.inserts().get(1).columns()).containsExactly("y");
        assertThat(set.inserts().get(1).query().text()).isEqualTo("SELECT y FROM t WHERE y > ';'");
        assertThat(set.text()).startsWith("EXECUTE STATEMENT SET").endsWith("END");
    }

    @Test
    void statementsAroundASetStayApart() {
        List<Statement> statements = parse("SET 'a' = 'b';\nexecute statement set begin insert into a select 1; end;\n"
                + "SELECT 2;");
        assertThat(statements).hasSize(3);
        assertThat(statements.get(1)).isInstanceOf(StatementSet.class);
        assertThat(statements.get(1).position()).isEqualTo(new Position(2, 1));
        assertThat(statements.get(2)).isInstanceOf(Query.class);
    }

    @Test
    void beginEndBlockOfAScriptIsFoldedIntoOneSet() {
        List<Statement> statements = parse("CREATE TABLE t (x INT);\nBEGIN STATEMENT SET;\nINSERT INTO a SELECT x FROM t;\n"
                + "INSERT INTO b SELECT x FROM t;\nEND;\nSHOW TABLES;");
        assertThat(statements).hasSize(3);
        StatementSet set = (StatementSet) statements.get(1);
        assertThat(set.position()).isEqualTo(new Position(2, 1));
        assertThat(set.inserts()).extracting(Insert::table).containsExactly("a", "b");
        assertThat(set.text()).isEqualTo("BEGIN STATEMENT SET;\nINSERT INTO a SELECT x FROM t;\n"
                + "INSERT INTO b SELECT x FROM t;\nEND");
    }

    @Test
    void interactiveParsingKeepsTheMarkers() {
        List<Statement> statements = ScriptParser.parseInteractive(new Script("<shell>", "BEGIN STATEMENT SET;"));
        assertThat(statements).containsExactly(new BeginStatementSet(new Position(1, 1), "BEGIN STATEMENT SET"));
        assertThat(ScriptParser.parseInteractive(new Script("<shell>", "end;")))
                .containsExactly(new EndStatementSet(new Position(1, 1), "end"));
    }

    @Test
    void explainStatementSet() {
        Explain explain = single("EXPLAIN STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END",
                Explain.class);
        assertThat(explain.explained()).isInstanceOf(StatementSet.class);
        assertThat(((StatementSet) explain.explained()).inserts()).hasSize(2);
        assertThat(explain.explained().position()).isEqualTo(new Position(1, 9));
        Explain withExecute = single("EXPLAIN EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END", Explain.class);
        assertThat(withExecute.explained().text()).isEqualTo("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END");
    }

    @Test
    void theNewKeywordsStayUsableAsNames() {
        CreateTable table = single("CREATE TABLE statement (`begin` INT, end INT, execute STRING)", CreateTable.class);
        assertThat(table.name()).isEqualTo("statement");
        assertThat(table.columns()).extracting(ColumnDef::name).containsExactly("begin", "end", "execute");
    }

    @Test
    void aNonInsertInsideASetIsNamed() {
        SqlException error = error("EXECUTE STATEMENT SET BEGIN\n  INSERT INTO a SELECT 1;\n  CREATE TABLE x (a INT);\nEND;");
        assertThat(error.position()).isEqualTo(new Position(3, 3));
        assertThat(error.reason()).startsWith("CREATE TABLE cannot stand in a statement set: only INSERT INTO");
        assertThat(error("EXECUTE STATEMENT SET BEGIN SELECT 1; END").reason())
                .startsWith("A query (SELECT ...) cannot stand in a statement set");
        SqlException inBlock = error("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nSET 'k' = 'v';\nEND;");
        assertThat(inBlock.position()).isEqualTo(new Position(3, 1));
        assertThat(inBlock.reason()).isEqualTo("Only INSERT INTO statements may stand between BEGIN STATEMENT SET "
                + "(at 1:1) and END, not SET; move it before BEGIN STATEMENT SET, or add END; before it");
    }

    @Test
    void anEmptySetIsRefused() {
        SqlException error = error("EXECUTE STATEMENT SET BEGIN\nEND;");
        assertThat(error.position()).isEqualTo(new Position(2, 1));
        assertThat(error.reason()).startsWith("The statement set is empty");
        SqlException block = error("SELECT 1;\nBEGIN STATEMENT SET;\nEND;");
        assertThat(block.position()).isEqualTo(new Position(3, 1));
        assertThat(block.reason()).startsWith("The statement set opened at 2:1 is empty");
    }

    @Test
    void aMissingEndIsReportedWhereTheSetStops() {
        SqlException error = error("EXECUTE STATEMENT SET BEGIN\n  INSERT INTO a SELECT 1;");
        assertThat(error.position()).isEqualTo(new Position(2, 26));
        assertThat(error.reason()).isEqualTo("Syntax error at end of script: expected INSERT INTO or END "
                + "(to close the statement set) after ';'");
        assertThat(error.getMessage()).endsWith("  INSERT INTO a SELECT 1;\n                         ^");
        SqlException block = error("SELECT 1;\nBEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;");
        assertThat(block.position()).isEqualTo(new Position(2, 1));
        assertThat(block.reason()).isEqualTo("BEGIN STATEMENT SET is never closed: add END; after its INSERT INTO "
                + "statements");
        SqlException end = error("SELECT 1;\n END;");
        assertThat(end.position()).isEqualTo(new Position(2, 2));
        assertThat(end.reason()).startsWith("END without BEGIN STATEMENT SET");
    }
}

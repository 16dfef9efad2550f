package dev.weir.parser;

import static dev.weir.parser.Parsing.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptSplittingTest {

    @Test
    void splitsOnSemicolonsAndAcceptsAMissingLastOne() {
        List<Statement> statements = parse("SET 'a' = '1';\nSHOW TABLES;\nSELECT 1");
        assertThat(statements).extracting(Statement::text)
                .containsExactly("SET 'a' = '1'", "SHOW TABLES", "SELECT 1");
        assertThat(statements).extracting(Statement::position)
                .containsExactly(new Position(1, 1), new Position(2, 1), new Position(3, 1));
    }

    @Test
    void ignoresEmptyStatementsAndEmptyScripts() {
        assertThat(parse("")).isEmpty();
        assertThat(parse(" ;; -- nothing\n ; /* here */ ;")).isEmpty();
        assertThat(parse(";;SHOW TABLES;;;SHOW TABLES;")).hasSize(2);
    }

    @Test
    void semicolonsInStringsIdentifiersAndCommentsDoNotSplit() {
        List<Statement> statements = parse("""
                SELECT 'a;b', 'it''s; fine' FROM `we;ird` -- a; comment
                /* block; comment */ WHERE x = ';';
                SET 'k;1' = 'v;2'
                """);
        assertThat(statements).hasSize(2);
        Query query = (Query) statements.get(0);
        assertThat(query.text()).isEqualTo("""
                SELECT 'a;b', 'it''s; fine' FROM `we;ird` -- a; comment
                /* block; comment */ WHERE x = ';'""");
        SetOption set = (SetOption) statements.get(1);
        assertThat(set.key()).isEqualTo("k;1");
        assertThat(set.value()).isEqualTo("v;2");
    }

    @Test
    void statementTextExcludesLeadingCommentsAndTrailingSemicolon() {
        List<Statement> statements = parse("-- header\n/* c */  SHOW   TABLES  -- tail\n;");
        assertThat(statements.get(0).text()).isEqualTo("SHOW   TABLES");
        assertThat(statements.get(0).position()).isEqualTo(new Position(2, 10));
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(parse("show tables; Show Tables; sElEcT 1")).hasSize(3)
                .first().isInstanceOf(ShowTables.class);
    }

    @Test
    void columnsCountCharactersNotBytes() {
        Query query = (Query) parse("SET 'ä€' = 'x'; SELECT 1").get(1);
        assertThat(query.position()).isEqualTo(new Position(1, 17));
    }
}

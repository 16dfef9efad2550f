package dev.weir.parser;

import static dev.weir.parser.Parsing.parse;
import static dev.weir.parser.Parsing.single;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OtherStatementsTest {

    @Test
    void createView() {
        CreateView view = single("CREATE TEMPORARY VIEW IF NOT EXISTS v (a, `b c`) AS SELECT x, y FROM t",
                CreateView.class);
        assertThat(view.name()).isEqualTo("v");
        assertThat(view.temporary()).isTrue();
        assertThat(view.ifNotExists()).isTrue();
        assertThat(view.columnNames()).containsExactly("a", "b c");
        assertThat(view.query().text()).isEqualTo("SELECT x, y FROM t");
        assertThat(view.query().start()).isEqualTo(new Position(1, 53));

        CreateView plain = single("create view db.v as with q as (select 1) select * from q", CreateView.class);
        assertThat(plain.name()).isEqualTo("db.v");
        assertThat(plain.temporary()).isFalse();
        assertThat(plain.columnNames()).isEmpty();
        assertThat(plain.query().text()).isEqualTo("with q as (select 1) select * from q");
    }

    @Test
    void dropTableAndView() {
        List<Statement> statements = parse("DROP TABLE t; DROP TEMPORARY TABLE IF EXISTS c.d.t; "
                + "DROP VIEW v; DROP TEMPORARY VIEW IF EXISTS `v 2`");
        assertThat(statements).containsExactly(
                new DropTable(new Position(1, 1), "DROP TABLE t", "t", false),
                new DropTable(new Position(1, 15), "DROP TEMPORARY TABLE IF EXISTS c.d.t", "c.d.t", true),
                new DropView(new Position(1, 53), "DROP VIEW v", "v", false),
                new DropView(new Position(1, 66), "DROP TEMPORARY VIEW IF EXISTS `v 2`", "v 2", true));
    }

    @Test
    void insertWithAndWithoutColumnList() {
        Insert insert = single("INSERT INTO sink (a, b)\nSELECT a, b FROM src", Insert.class);
        assertThat(insert.table()).isEqualTo("sink");
        assertThat(insert.tablePosition()).isEqualTo(new Position(1, 13));
        assertThat(insert.columns()).containsExactly("a", "b");
        assertThat(insert.query().text()).isEqualTo("SELECT a, b FROM src");
        assertThat(insert.query().start()).isEqualTo(new Position(2, 1));

        Insert parenthesised = single("insert into db.sink (SELECT 1) UNION ALL (SELECT 2)", Insert.class);
        assertThat(parenthesised.table()).isEqualTo("db.sink");
        assertThat(parenthesised.columns()).isEmpty();
        assertThat(parenthesised.query().text()).isEqualTo("(SELECT 1) UNION ALL (SELECT 2)");

        Insert values = single("INSERT INTO t VALUES (1, 'a;b'), (2, 'c')", Insert.class);
        assertThat(values.query().text()).isEqualTo("VALUES (1, 'a;b'), (2, 'c')");
    }

    @Test
    void bareQueries() {
        List<Statement> statements = parse("SELECT 1; WITH a AS (SELECT 1) SELECT * FROM a; VALUES (1); (SELECT 2)");
        assertThat(statements).allSatisfy(statement -> assertThat(statement).isInstanceOf(Query.class));
        assertThat(statements).extracting(statement -> ((Query) statement).query().text()).containsExactly(
                "SELECT 1", "WITH a AS (SELECT 1) SELECT * FROM a", "VALUES (1)", "(SELECT 2)");
        Query query = (Query) statements.get(0);
        assertThat(query.text()).isEqualTo(query.query().text());
    }

    @Test
    void setAndReset() {
        assertThat(parse("SET 'table.local-time-zone' = 'UTC'; SET; RESET 'a.b'; RESET")).containsExactly(
                new SetOption(new Position(1, 1), "SET 'table.local-time-zone' = 'UTC'", "table.local-time-zone",
                        "UTC"),
                new SetOption(new Position(1, 38), "SET", null, null),
                new ResetOption(new Position(1, 43), "RESET 'a.b'", "a.b"),
                new ResetOption(new Position(1, 56), "RESET", null));
    }

    @Test
    void showAndDescribe() {
        assertThat(parse("SHOW TABLES; DESCRIBE cat.db.t; desc `x y`")).containsExactly(
                new ShowTables(new Position(1, 1), "SHOW TABLES"),
                new Describe(new Position(1, 14), "DESCRIBE cat.db.t", "cat.db.t"),
                new Describe(new Position(1, 33), "desc `x y`", "x y"));
    }

    @Test
    void explainQueryAndInsert() {
        Explain query = single("EXPLAIN SELECT * FROM t", Explain.class);
        assertThat(query.text()).isEqualTo("EXPLAIN SELECT * FROM t");
        assertThat(query.explained()).isEqualTo(new Query(new Position(1, 9), "SELECT * FROM t",
                new SqlText("SELECT * FROM t", new Position(1, 9), new Script(Parsing.FILE, "EXPLAIN SELECT * FROM t"))));

        Explain insert = single("EXPLAIN PLAN FOR\n  INSERT INTO s SELECT * FROM t", Explain.class);
        Insert explained = (Insert) insert.explained();
        assertThat(explained.position()).isEqualTo(new Position(2, 3));
        assertThat(explained.text()).isEqualTo("INSERT INTO s SELECT * FROM t");
        assertThat(explained.query().text()).isEqualTo("SELECT * FROM t");
    }
}

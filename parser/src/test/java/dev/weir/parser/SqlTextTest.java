package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlTextTest {

    private static final String SCRIPT = """
            SET 'a' = 'b';

            CREATE TABLE t (x INT);

            -- line 5 and 6 are comments
            -- still a comment
            /* line 7 */  INSERT INTO t SELECT x,
                y FROM
              src;
            """;

    @Test
    void queryStartingMidLineMapsBackToTheScript() {
        Script script = new Script("q.sql", SCRIPT);
        Insert insert = (Insert) ScriptParser.parse(script).get(2);
        SqlText query = insert.query();

        assertThat(query.start()).isEqualTo(new Position(7, 29));
        assertThat(insert.position()).isEqualTo(new Position(7, 15));
        assertThat(query.text()).isEqualTo("SELECT x,\n    y FROM\n  src");
        // 'x' is at 1:8 of the text and 7:36 of the script; 'y' at 2:5 and 8:5; 'src' at 3:3 and 9:3.
        assertThat(query.toScriptPosition(1, 8)).isEqualTo(new Position(7, 36));
        assertThat(query.toScriptPosition(2, 5)).isEqualTo(new Position(8, 5));
        assertThat(query.toScriptPosition(3, 3)).isEqualTo(new Position(9, 3));
        assertThat(script.lineText(7).codePointAt(35)).isEqualTo('x');
    }

    @Test
    void errorAtPointsIntoTheScript() {
        Script script = new Script("q.sql", SCRIPT);
        Insert insert = (Insert) ScriptParser.parse(script).get(2);

        SqlException error = insert.query().errorAt(2, 5, "Column 'y' not found in table 'src'");

        assertThat(error.sourceName()).isEqualTo("q.sql");
        assertThat(error.position()).isEqualTo(new Position(8, 5));
        assertThat(error.reason()).isEqualTo("Column 'y' not found in table 'src'");
        assertThat(error.getMessage()).isEqualTo("""
                q.sql:8:5: Column 'y' not found in table 'src'
                    y FROM
                    ^""");
    }

    @Test
    void rejectsZeroBasedPositions() {
        SqlText text = new SqlText("SELECT 1", new Position(1, 1), new Script("s", "SELECT 1"));
        assertThatThrownBy(() -> text.toScriptPosition(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}

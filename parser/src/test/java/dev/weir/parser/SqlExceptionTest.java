package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlExceptionTest {

    @Test
    void messageHasLocationLineAndCaret() {
        Script script = new Script("quickstart.sql", "SELECT 1;\nSELECT foo FROM t;\n");
        SqlException error = new SqlException(script, new Position(2, 8), "Column 'foo' not found");
        assertThat(error.getMessage()).isEqualTo("""
                quickstart.sql:2:8: Column 'foo' not found
                SELECT foo FROM t;
                       ^""");
        assertThat(error.getMessage().lines().findFirst()).contains("quickstart.sql:2:8: Column 'foo' not found");
    }

    @Test
    void caretKeepsTabsSoItStaysAligned() {
        Script script = new Script("<stdin>", "\tSELECT\tbad");
        SqlException error = new SqlException(script, new Position(1, 9), "bad column");
        assertThat(error.getMessage()).isEqualTo("<stdin>:1:9: bad column\n\tSELECT\tbad\n\t      \t^");
    }

    @Test
    void caretAfterTheEndOfTheLineAndWindowsLineEndings() {
        Script script = new Script("w.sql", "SELECT (1\r\n");
        SqlException atEnd = new SqlException(script, new Position(1, 10), "missing ')'");
        assertThat(atEnd.getMessage()).isEqualTo("w.sql:1:10: missing ')'\nSELECT (1\n         ^");
        SqlException pastEnd = new SqlException(script, new Position(2, 1), "end");
        assertThat(pastEnd.getMessage()).isEqualTo("w.sql:2:1: end\n\n^");
    }

    @Test
    void lineTextSplitsOnNewlines() {
        Script script = new Script("s", "a\nbb\r\n\nccc");
        assertThat(script.lineText(1)).isEqualTo("a");
        assertThat(script.lineText(2)).isEqualTo("bb");
        assertThat(script.lineText(3)).isEmpty();
        assertThat(script.lineText(4)).isEqualTo("ccc");
        assertThat(script.lineText(5)).isEmpty();
    }
}

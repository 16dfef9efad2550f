package dev.weir.planner.expr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StringFunctionsTest {
    private final ExprHarness h = ExprHarness.utc();

    @Test
    void concatenation() {
        assertThat(h.eval("s || '!'")).isEqualTo("hello!");
        assertThat(h.eval("CONCAT(s, '-', CAST(id AS STRING))")).isEqualTo("hello-4");
        assertThat(h.eval("CONCAT(s, s2)")).isNull();
        assertThat(h.eval("s || s2")).isNull();
        assertThat(h.eval("CONCAT('id=', CAST(id AS STRING), ' at ', CAST(ts AS STRING))"))
                .isEqualTo("id=4 at 2023-11-14 22:13:20.000");
    }

    @Test
    void concatWithSeparatorSkipsNulls() {
        assertThat(h.eval("CONCAT_WS('-', s, s2, 'x')")).isEqualTo("hello-x");
        assertThat(h.eval("CONCAT_WS(s2, s, 'x')")).isNull();
    }

    @Test
    void caseAndLength() {
        assertThat(h.eval("UPPER(s)")).isEqualTo("HELLO");
        assertThat(h.eval("LOWER(s)", "s", "MiXeD")).isEqualTo("mixed");
        assertThat(h.eval("CHAR_LENGTH(s)")).isEqualTo(5);
        assertThat(h.eval("CHARACTER_LENGTH(s)", "s", "")).isEqualTo(0);
        assertThat(h.evalNulls("UPPER(s)")).isNull();
        assertThat(h.evalNulls("CHAR_LENGTH(s)")).isNull();
    }

    @Test
    void trim() {
        assertThat(h.eval("TRIM(s)", "s", "  a b  ")).isEqualTo("a b");
        assertThat(h.eval("TRIM(LEADING FROM s)", "s", "  a  ")).isEqualTo("a  ");
        assertThat(h.eval("TRIM(TRAILING FROM s)", "s", "  a  ")).isEqualTo("  a");
        assertThat(h.eval("TRIM(BOTH 'x' FROM s)", "s", "xxaxx")).isEqualTo("a");
        assertThat(h.evalNulls("TRIM(s)")).isNull();
    }

    @Test
    void substrings() {
        assertThat(h.eval("SUBSTRING(s FROM 2)")).isEqualTo("ello");
        assertThat(h.eval("SUBSTRING(s FROM 2 FOR 3)")).isEqualTo("ell");
        assertThat(h.eval("SUBSTRING(s FROM 4 FOR 10)")).isEqualTo("lo");
        assertThat(h.eval("SUBSTR(s, 2, 2)")).isEqualTo("el");
        assertThat(h.eval("SUBSTR(s, -3)")).isEqualTo("llo");
        assertThat(h.eval("SUBSTR(s, 9)")).isEqualTo("");
        assertThat(h.evalNulls("SUBSTR(s, 2)")).isNull();
    }

    @Test
    void positionAndReplace() {
        assertThat(h.eval("POSITION('ll' IN s)")).isEqualTo(3);
        assertThat(h.eval("POSITION('z' IN s)")).isEqualTo(0);
        assertThat(h.eval("REPLACE(s, 'l', 'L')")).isEqualTo("heLLo");
        assertThat(h.evalNulls("REPLACE(s, 'l', 'L')")).isNull();
    }
}

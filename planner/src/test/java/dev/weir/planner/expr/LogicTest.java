package dev.weir.planner.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class LogicTest {
    private final ExprHarness h = ExprHarness.utc();

    @Test
    void comparisonsAcrossNumericTypes() {
        assertThat(h.eval("i = 3")).isEqualTo(true);
        assertThat(h.eval("i < id")).isEqualTo(true);
        assertThat(h.eval("id >= 5")).isEqualTo(false);
        assertThat(h.eval("d > i")).isEqualTo(false);
        assertThat(h.eval("amt <> 12.34")).isEqualTo(false);
        assertThat(h.eval("amt > i")).isEqualTo(true);
        assertThat(h.eval("ti <= si")).isEqualTo(true);
    }

    @Test
    void comparisonsOfStringsAndTimes() {
        assertThat(h.eval("s = 'hello'")).isEqualTo(true);
        assertThat(h.eval("s < 'world'")).isEqualTo(true);
        assertThat(h.eval("ts > TIMESTAMP '2023-11-14 22:13:19'")).isEqualTo(true);
        assertThat(h.eval("ts = TIMESTAMP '2023-11-14 22:13:20'")).isEqualTo(true);
        assertThat(h.eval("dt = DATE '2023-11-14'")).isEqualTo(true);
        assertThat(h.eval("b = TRUE")).isEqualTo(true);
    }

    @Test
    void comparisonWithNullIsNull() {
        assertThat(h.evalNulls("i = 3")).isNull();
        assertThat(h.evalNulls("s < 'a'")).isNull();
        assertThat(h.evalNulls("i IS DISTINCT FROM 3")).isEqualTo(true);
        assertThat(h.evalNulls("i IS NOT DISTINCT FROM i")).isEqualTo(true);
        assertThat(h.eval("i IS DISTINCT FROM 3")).isEqualTo(false);
    }

    @Test
    void threeValuedAndOr() {
        // b is TRUE in the default row; s2 is NULL, so s2 = 'x' is UNKNOWN.
        assertThat(h.eval("b AND s2 = 'x'")).isNull();
        assertThat(h.eval("NOT b AND s2 = 'x'")).isEqualTo(false);
        assertThat(h.eval("b OR s2 = 'x'")).isEqualTo(true);
        assertThat(h.eval("NOT b OR s2 = 'x'")).isNull();
        assertThat(h.eval("NOT (s2 = 'x')")).isNull();
        assertThat(h.eval("NOT b")).isEqualTo(false);
        assertThat(h.eval("b AND i = 3 AND id = 4")).isEqualTo(true);
    }

    @Test
    void isPredicates() {
        assertThat(h.eval("s2 IS NULL")).isEqualTo(true);
        assertThat(h.eval("s IS NOT NULL")).isEqualTo(true);
        assertThat(h.eval("(s2 = 'x') IS TRUE")).isEqualTo(false);
        assertThat(h.eval("(s2 = 'x') IS NOT TRUE")).isEqualTo(true);
        assertThat(h.eval("(s2 = 'x') IS FALSE")).isEqualTo(false);
        assertThat(h.eval("(s2 = 'x') IS NOT FALSE")).isEqualTo(true);
        assertThat(h.eval("b IS TRUE")).isEqualTo(true);
        assertThat(h.eval("b IS FALSE", "b", false)).isEqualTo(true);
    }

    @Test
    void searchedAndSimpleCase() {
        String searched = "CASE WHEN i > 5 THEN 'big' WHEN i > 1 THEN 'mid' ELSE 'small' END";
        assertThat(h.eval(searched)).isEqualTo("mid");
        assertThat(h.eval(searched, "i", 9)).isEqualTo("big");
        assertThat(h.eval(searched, "i", 0)).isEqualTo("small");
        assertThat(h.evalNulls(searched)).isEqualTo("small");
        String simple = "CASE i WHEN 1 THEN 10 WHEN 3 THEN 30 END";
        assertThat(h.eval(simple)).isEqualTo(30);
        assertThat(h.eval(simple, "i", 2)).isNull();
        // Branches of different numeric types are converted to the CASE's type.
        assertThat(h.eval("CASE WHEN b THEN i ELSE id END")).isEqualTo(3L);
        assertThat(h.eval("CASE WHEN b THEN 1 ELSE 2.5 END")).isEqualTo(new BigDecimal("1.0"));
    }

    @Test
    void coalesceAndIf() {
        assertThat(h.eval("COALESCE(s2, s, 'x')")).isEqualTo("hello");
        assertThat(h.evalNulls("COALESCE(s2, s, 'x')")).isEqualTo("x");
        assertThat(h.eval("COALESCE(i, id)")).isEqualTo(3L);
        assertThat(h.eval("IF(i > 2, 'yes', 'no')")).isEqualTo("yes");
        assertThat(h.eval("IF(i > 2, 'yes', 'no')", "i", 1)).isEqualTo("no");
        assertThat(h.evalNulls("IF(i > 2, 'yes', 'no')")).isEqualTo("no");
        assertThat(h.eval("IF(b, i, id)")).isEqualTo(3L);
    }

    @Test
    void inListAndBetween() {
        assertThat(h.eval("i IN (1, 2, 3)")).isEqualTo(true);
        assertThat(h.eval("i IN (1, 2)")).isEqualTo(false);
        assertThat(h.eval("id BETWEEN 1 AND 5")).isEqualTo(true);
        assertThat(h.eval("s IN ('a', 'hello')")).isEqualTo(true);
    }
}

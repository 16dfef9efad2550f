package dev.weir.planner.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CastTest {
    private final ExprHarness h = ExprHarness.utc();

    @Test
    void numericCasts() {
        assertThat(h.eval("CAST(i AS BIGINT)")).isEqualTo(3L);
        assertThat(h.eval("CAST(id AS INT)")).isEqualTo(4);
        assertThat(h.eval("CAST(id AS TINYINT)")).isEqualTo((byte) 4);
        assertThat(h.eval("CAST(d AS INT)")).isEqualTo(2);
        assertThat(h.eval("CAST(d AS INT)", "d", -2.9)).isEqualTo(-2);
        assertThat(h.eval("CAST(amt AS BIGINT)")).isEqualTo(12L);
        assertThat(h.eval("CAST(i AS DOUBLE)")).isEqualTo(3.0);
        assertThat(h.eval("CAST(d AS DECIMAL(5, 1))")).isEqualTo(new BigDecimal("2.5"));
        assertThat(h.eval("CAST(amt AS DECIMAL(5, 1))")).isEqualTo(new BigDecimal("12.3"));
        assertThat(h.eval("CAST(id AS DECIMAL(10, 2))")).isEqualTo(new BigDecimal("4.00"));
        assertThat(h.eval("CAST(i AS BOOLEAN)")).isEqualTo(true);
        assertThat(h.evalNulls("CAST(i AS BIGINT)")).isNull();
    }

    @Test
    void narrowingOverflowThrows() {
        assertThatThrownBy(() -> h.eval("CAST(id AS INT)", "id", 1L << 40))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("Numeric overflow in expression 'CAST(id AS INT)'");
        assertThatThrownBy(() -> h.eval("CAST(d AS BIGINT)", "d", 1e30)).hasMessageContaining("Numeric overflow");
        assertThatThrownBy(() -> h.eval("CAST(amt AS DECIMAL(2, 1))")).hasMessageContaining("Numeric overflow");
        assertThatThrownBy(() -> h.eval("CAST(i AS TINYINT)", "i", 200)).hasMessageContaining("Numeric overflow");
    }

    @Test
    void stringToValues() {
        assertThat(h.eval("CAST(s AS INT)", "s", " 42 ")).isEqualTo(42);
        assertThat(h.eval("CAST(s AS BIGINT)", "s", "-9000000000")).isEqualTo(-9_000_000_000L);
        assertThat(h.eval("CAST(s AS DOUBLE)", "s", "1.25")).isEqualTo(1.25);
        assertThat(h.eval("CAST(s AS DECIMAL(10, 2))", "s", "3.14159")).isEqualTo(new BigDecimal("3.14"));
        assertThat(h.eval("CAST(s AS BOOLEAN)", "s", "TRUE")).isEqualTo(true);
        assertThat(h.eval("CAST(s AS BOOLEAN)", "s", "false")).isEqualTo(false);
        assertThat(h.eval("CAST(s AS TIMESTAMP(3))", "s", "2023-11-14 22:13:20.123")).isEqualTo(1_700_000_000_123L);
        assertThat(h.eval("CAST(s AS TIMESTAMP(3))", "s", "2023-11-14T22:13:20")).isEqualTo(1_700_000_000_000L);
        assertThat(h.eval("CAST(s AS DATE)", "s", "2023-11-14")).isEqualTo(19675);
    }

    @Test
    void malformedStringsThrowNamingValueAndType() {
        assertThatThrownBy(() -> h.eval("CAST(s AS INT)", "s", "abc"))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("Cannot cast 'abc' to INT");
        assertThatThrownBy(() -> h.eval("CAST(s AS TIMESTAMP(3))", "s", "yesterday"))
                .hasMessageContaining("Cannot cast 'yesterday' to TIMESTAMP(3)");
        assertThatThrownBy(() -> h.eval("CAST(s AS BOOLEAN)", "s", "maybe"))
                .hasMessageContaining("Cannot cast 'maybe' to BOOLEAN");
        assertThatThrownBy(() -> h.eval("CAST(s AS DECIMAL(10, 2))", "s", "1.2.3"))
                .hasMessageContaining("Cannot cast '1.2.3' to DECIMAL(10, 2)");
    }

    @Test
    void anythingToStringLikeFlink() {
        assertThat(h.eval("CAST(ts AS STRING)")).isEqualTo("2023-11-14 22:13:20.000");
        assertThat(h.eval("CAST(ts AS STRING)", "ts", 1_700_000_000_042L)).isEqualTo("2023-11-14 22:13:20.042");
        assertThat(h.eval("CAST(CAST(ts AS TIMESTAMP(0)) AS STRING)", "ts", 1_700_000_000_999L))
                .isEqualTo("2023-11-14 22:13:20");
        assertThat(h.eval("CAST(id AS STRING)")).isEqualTo("4");
        assertThat(h.eval("CAST(amt AS STRING)")).isEqualTo("12.34");
        assertThat(h.eval("CAST(d AS STRING)")).isEqualTo("2.5");
        assertThat(h.eval("CAST(b AS STRING)")).isEqualTo("TRUE");
        assertThat(h.eval("CAST(dt AS STRING)")).isEqualTo("2023-11-14");
        assertThat(h.eval("CAST(tm AS STRING)")).isEqualTo("01:00:00");
        assertThat(h.eval("CAST(ltz AS STRING)")).isEqualTo("2023-11-14 22:13:20.000");
        assertThat(h.eval("CAST(s AS VARCHAR(10))")).isEqualTo("hello");
        assertThat(h.evalNulls("CAST(ts AS STRING)")).isNull();
    }

    @Test
    void timestampAndLocalZonedTimestampUseTheSessionZone() {
        ExprHarness berlin = ExprHarness.in("Europe/Berlin");
        // 22:13:20 UTC is 23:13:20 in Berlin in November (UTC+1).
        assertThat(berlin.eval("CAST(ltz AS TIMESTAMP(3))")).isEqualTo(1_700_000_000_000L + 3_600_000L);
        assertThat(berlin.eval("CAST(ts AS TIMESTAMP(3) WITH LOCAL TIME ZONE)")).isEqualTo(1_700_000_000_000L - 3_600_000L);
        assertThat(berlin.eval("CAST(ltz AS STRING)")).isEqualTo("2023-11-14 23:13:20.000");
        assertThat(h.eval("CAST(ltz AS TIMESTAMP(3))")).isEqualTo(1_700_000_000_000L);
        assertThat(h.eval("CAST(ts AS DATE)")).isEqualTo(19675);
        assertThat(berlin.eval("CAST(CAST(ltz AS TIMESTAMP(3)) AS TIMESTAMP(3) WITH LOCAL TIME ZONE)")).isEqualTo(1_700_000_000_000L);
    }
}

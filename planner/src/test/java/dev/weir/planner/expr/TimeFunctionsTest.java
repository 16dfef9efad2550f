package dev.weir.planner.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class TimeFunctionsTest {
    private static final long TS = 1_700_000_000_000L; // 2023-11-14 22:13:20 UTC
    private final ExprHarness h = ExprHarness.utc();

    @Test
    void timestampMinusAndPlusIntervals() {
        assertThat(h.eval("ts - INTERVAL '4' SECOND")).isEqualTo(TS - 4000);
        assertThat(h.eval("ts + INTERVAL '1' HOUR")).isEqualTo(TS + 3_600_000);
        assertThat(h.eval("INTERVAL '1' MINUTE + ts")).isEqualTo(TS + 60_000);
        assertThat(h.eval("ltz - INTERVAL '2' SECOND")).isEqualTo(TS - 2000);
        assertThat(h.eval("CAST(ts + INTERVAL '1' MONTH AS STRING)")).isEqualTo("2023-12-14 22:13:20.000");
        assertThat(h.eval("dt + INTERVAL '2' DAY")).isEqualTo(19677);
        assertThat(h.evalNulls("ts - INTERVAL '4' SECOND")).isNull();
    }

    @Test
    void toTimestampLtzFromMillisAndSeconds() {
        assertThat(h.type("TO_TIMESTAMP_LTZ(id, 3)").getSqlTypeName())
                .isEqualTo(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
        assertThat(h.type("TO_TIMESTAMP_LTZ(id, 3)").getPrecision()).isEqualTo(3);
        assertThat(h.eval("TO_TIMESTAMP_LTZ(id, 3)", "id", TS)).isEqualTo(TS);
        assertThat(h.eval("TO_TIMESTAMP_LTZ(id, 0)", "id", 1_700_000_000L)).isEqualTo(TS);
        assertThat(h.evalNulls("TO_TIMESTAMP_LTZ(id, 3)")).isNull();
    }

    @Test
    void toTimestampLtzCastToTimestampInUtcAndAnotherZone() {
        String expr = "CAST(TO_TIMESTAMP_LTZ(1700000000000 + id * 10, 3) AS TIMESTAMP(3))";
        assertThat(h.eval(expr, "id", 5L)).isEqualTo(TS + 50);
        assertThat(h.eval("CAST(" + expr + " AS STRING)", "id", 5L)).isEqualTo("2023-11-14 22:13:20.050");
        ExprHarness tokyo = ExprHarness.in("Asia/Tokyo");
        assertThat(tokyo.eval(expr, "id", 5L)).isEqualTo(TS + 50 + 9 * 3_600_000L);
        assertThat(tokyo.eval("CAST(" + expr + " AS STRING)", "id", 5L)).isEqualTo("2023-11-15 07:13:20.050");
    }

    @Test
    void toTimestampParsesStrings() {
        assertThat(h.eval("TO_TIMESTAMP(s)", "s", "2023-11-14 22:13:20")).isEqualTo(TS);
        assertThat(h.eval("TO_TIMESTAMP(s, 'yyyy/MM/dd HH:mm')", "s", "2023/11/14 22:13")).isEqualTo(TS - 20_000);
        assertThat(h.eval("TO_TIMESTAMP(s, 'yyyyMMdd')", "s", "20231114")).isEqualTo(19675 * 86_400_000L);
        assertThat(h.type("TO_TIMESTAMP(s)").getPrecision()).isEqualTo(3);
        assertThatThrownBy(() -> h.eval("TO_TIMESTAMP(s)", "s", "nope"))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("Cannot cast 'nope' to TIMESTAMP(3)");
    }

    @Test
    void dateFormatAndUnixTime() {
        assertThat(h.eval("DATE_FORMAT(ts, 'yyyy-MM-dd HH:mm:ss')")).isEqualTo("2023-11-14 22:13:20");
        assertThat(h.eval("DATE_FORMAT(ts, 'HH:mm')")).isEqualTo("22:13");
        assertThat(ExprHarness.in("Asia/Tokyo").eval("DATE_FORMAT(ltz, 'yyyy-MM-dd HH')")).isEqualTo("2023-11-15 07");
        assertThat(h.eval("FROM_UNIXTIME(id)", "id", 1_700_000_000L)).isEqualTo("2023-11-14 22:13:20");
        assertThat(h.eval("FROM_UNIXTIME(id, 'yyyy')", "id", 1_700_000_000L)).isEqualTo("2023");
        assertThat(h.eval("UNIX_TIMESTAMP(s)", "s", "2023-11-14 22:13:20")).isEqualTo(1_700_000_000L);
        assertThat(ExprHarness.in("Asia/Tokyo").eval("UNIX_TIMESTAMP(s)", "s", "2023-11-15 07:13:20"))
                .isEqualTo(1_700_000_000L);
        long now = (Long) h.eval("UNIX_TIMESTAMP()");
        assertThat(now).isBetween(System.currentTimeMillis() / 1000 - 60, System.currentTimeMillis() / 1000 + 60);
        assertThat(h.evalNulls("DATE_FORMAT(ts, 'yyyy')")).isNull();
        assertThat(h.evalNulls("FROM_UNIXTIME(id)")).isNull();
    }

    @Test
    void extractFields() {
        assertThat(h.eval("EXTRACT(YEAR FROM ts)")).isEqualTo(2023L);
        assertThat(h.eval("MONTH(ts)")).isEqualTo(11L);
        assertThat(h.eval("HOUR(ts)")).isEqualTo(22L);
        assertThat(h.eval("EXTRACT(DAY FROM dt)")).isEqualTo(14L);
        assertThat(h.evalNulls("YEAR(ts)")).isNull();
    }
}

package dev.weir.planner;

import static dev.weir.planner.PlanningSessions.last;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Windows over a TIMESTAMP_LTZ rowtime carry the session zone in their spec (and EXPLAIN and the
 * operator id show it); TIMESTAMP rowtimes and UTC carry none, so their plans and ids are unchanged.
 */
class LtzWindowPlanningTest {
    private static final String SOURCE = "CREATE TABLE src (\n"
            + "  name STRING,\n"
            + "  epoch_ms BIGINT,\n"
            + "  ts AS TO_TIMESTAMP_LTZ(epoch_ms, 3),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND\n"
            + ") WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
            + "CREATE TABLE src_plain (\n"
            + "  name STRING,\n"
            + "  ts TIMESTAMP(3),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND\n"
            + ") WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n";

    private static <T extends OperatorSpec> T spec(String sql, Class<T> type) {
        return PlanningSessions.first(PlanningSessions.operators(sql), type);
    }

    private static String tumble(String table) {
        return "SELECT name, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE " + table
                + ", DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY name, window_start, window_end;";
    }

    @Test
    void anLtzRowtimeInASessionZoneCarriesTheZone() {
        String zoned = SOURCE + "SET 'table.local-time-zone' = 'America/Los_Angeles';\n";
        assertThat(spec(zoned + tumble("src"), WindowAggregateSpec.class).timeZone())
                .isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(spec(zoned + "SELECT name, COUNT(*) FROM TABLE(HOP(TABLE src, DESCRIPTOR(ts), INTERVAL '1' HOUR, "
                + "INTERVAL '2' HOUR)) GROUP BY name, window_start, window_end;", WindowAggregateSpec.class)
                .timeZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(spec(zoned + "SELECT name, COUNT(*) FROM TABLE(SESSION(TABLE src PARTITION BY name, "
                + "DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY name, window_start, window_end;",
                SessionWindowAggregateSpec.class).timeZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(spec(zoned + "SELECT name, TUMBLE_START(ts, INTERVAL '1' DAY), COUNT(*) FROM src "
                + "GROUP BY name, TUMBLE(ts, INTERVAL '1' DAY);", WindowAggregateSpec.class).timeZone())
                .isEqualTo(ZoneId.of("America/Los_Angeles"));
        String explain = ((StatementResult.Text) last(zoned + "EXPLAIN " + tumble("src"))).text();
        assertThat(explain).contains("timeZone=[America/Los_Angeles]");
    }

    @Test
    void aTimestampRowtimeOrUtcCarriesNoZoneAndKeepsItsOperatorId() {
        String zoned = SOURCE + "SET 'table.local-time-zone' = 'GMT+05:30';\n";
        WindowAggregateSpec plain = spec(zoned + tumble("src_plain"), WindowAggregateSpec.class);
        assertThat(plain.timeZone()).isNull();
        assertThat(plain.describe()).doesNotContain("timeZone");
        WindowAggregateSpec utc = spec(SOURCE + tumble("src"), WindowAggregateSpec.class);
        WindowAggregateSpec gmt = spec(SOURCE + "SET 'table.local-time-zone' = 'GMT';\n" + tumble("src"),
                WindowAggregateSpec.class);
        WindowAggregateSpec shifted = spec(zoned + tumble("src"), WindowAggregateSpec.class);
        assertThat(utc.timeZone()).isNull();
        assertThat(gmt.timeZone()).isNull();
        assertThat(gmt.id()).isEqualTo(utc.id());
        assertThat(shifted.timeZone()).isEqualTo(ZoneId.of("GMT+05:30"));
        assertThat(shifted.id()).isNotEqualTo(utc.id());
    }
}

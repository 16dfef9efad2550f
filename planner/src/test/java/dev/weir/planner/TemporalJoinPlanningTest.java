package dev.weir.planner;

import static dev.weir.planner.PlanningSessions.last;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.executor.plan.JoinSpec;
import dev.weir.executor.plan.JoinType;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.TemporalJoinSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recognition of the event-time temporal join ({@code FOR SYSTEM_TIME AS OF}) over a table with a
 * primary key and over a deduplication view, and Flink's errors for what it refuses, positioned.
 */
class TemporalJoinPlanningTest {
    private static final String TABLES = String.join("\n",
            "CREATE TABLE orders (id BIGINT, currency STRING, price INT, epoch BIGINT, order_time TIMESTAMP(3),",
            "  WATERMARK FOR order_time AS order_time) WITH ('connector' = 'datagen', 'number-of-rows' = '10');",
            "CREATE TABLE rates (currency STRING, rate INT, update_time TIMESTAMP(3),",
            "  WATERMARK FOR update_time AS update_time, PRIMARY KEY (currency) NOT ENFORCED)",
            "  WITH ('connector' = 'datagen', 'number-of-rows' = '10');",
            "CREATE TABLE nopk (currency STRING, rate INT, update_time TIMESTAMP(3),",
            "  WATERMARK FOR update_time AS update_time) WITH ('connector' = 'datagen', 'number-of-rows' = '10');",
            "CREATE TABLE nowm (currency STRING, rate INT, update_time TIMESTAMP(3),",
            "  PRIMARY KEY (currency) NOT ENFORCED) WITH ('connector' = 'datagen', 'number-of-rows' = '10');",
            "CREATE VIEW last_rates AS SELECT currency, rate, update_time FROM (SELECT *, ROW_NUMBER() OVER (",
            "  PARTITION BY currency ORDER BY update_time DESC) AS rn FROM nopk) WHERE rn = 1;",
            "CREATE VIEW all_rates AS SELECT * FROM nopk;",
            "CREATE TABLE out_csv (id BIGINT, rate INT, order_time TIMESTAMP(3))",
            "  WITH ('connector' = 'filesystem', 'path' = '/tmp/never-written', 'format' = 'csv');",
            "");
    /** The line of the statement after {@link #TABLES}. */
    private static final int QUERY_LINE = 15;

    private static List<OperatorSpec> operators(String query) {
        return PlanningSessions.operators(TABLES + query);
    }

    private static TemporalJoinSpec temporalJoin(List<OperatorSpec> ops) {
        return PlanningSessions.first(ops, TemporalJoinSpec.class);
    }

    /** Asserts that {@code query} fails at the first occurrence of {@code at} in it, with {@code message}. */
    private static void failsAt(String query, String at, String message) {
        int column = query.indexOf(at) + 1;
        assertThat(column).as("'%s' in the query", at).isPositive();
        assertThatThrownBy(() -> last(TABLES + query))
                .hasMessageStartingWith("t.sql:" + QUERY_LINE + ":" + column + ": " + message);
    }

    @Test
    void aJoinAsOfTheLeftRowtimeWithAKeyedTableIsATemporalJoinKeyedOnThePrimaryKey() {
        List<OperatorSpec> ops = operators("INSERT INTO out_csv SELECT o.id, r.rate, o.order_time FROM orders AS o"
                + " JOIN rates FOR SYSTEM_TIME AS OF o.order_time AS r ON o.currency = r.currency;");
        TemporalJoinSpec join = temporalJoin(ops);
        assertThat(ops).noneMatch(JoinSpec.class::isInstance);
        assertThat(join.joinType()).isEqualTo(JoinType.INNER);
        assertThat(join.outputType().field(join.keys().left()[0]).name()).isEqualTo("currency");
        assertThat(join.outputType().field(join.leftTimeIndex()).name()).isEqualTo("order_time");
        assertThat(join.outputType().field(join.leftArity() + join.rightTimeIndex()).name())
                .isEqualTo("update_time");
        // Insert-only: an append-only csv sink takes it.
        assertThat(ops.get(ops.size() - 1).id()).isEqualTo("sink-out_csv");
        assertThat(join.stateDescription()).contains("per join key (currency)");
    }

    @Test
    void theVersionedTablesChangesDoNotMakeTheResultUpdating() {
        // last_rates is a deduplication, an updating result; the join's result stays insert-only (Flink).
        List<OperatorSpec> ops = operators("INSERT INTO out_csv SELECT o.id, r.rate, o.order_time FROM orders AS o"
                + " LEFT JOIN last_rates FOR SYSTEM_TIME AS OF o.order_time AS r ON o.currency = r.currency;");
        assertThat(ops).anyMatch(dev.weir.executor.plan.DeduplicateSpec.class::isInstance);
        assertThat(ops.get(ops.size() - 1).id()).isEqualTo("sink-out_csv");
        // while the deduplication alone is refused by the append-only sink
        assertThatThrownBy(() -> operators("INSERT INTO out_csv SELECT 1, rate, update_time FROM last_rates;"))
                .hasMessageContaining("doesn't support consuming update changes");
    }

    @Test
    void aDeduplicationViewIsAVersionedTableAndTheResultKeepsTheLeftRowtime() {
        List<OperatorSpec> ops = operators("CREATE VIEW joined AS SELECT o.id, o.order_time, r.rate FROM orders AS o"
                + " LEFT JOIN last_rates FOR SYSTEM_TIME AS OF o.order_time AS r ON o.currency = r.currency;\n"
                + "SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE joined, DESCRIPTOR(order_time),"
                + " INTERVAL '10' SECOND)) GROUP BY window_start, window_end;");
        TemporalJoinSpec join = temporalJoin(ops);
        assertThat(join.joinType()).isEqualTo(JoinType.LEFT);
        assertThat(join.outputType().field(join.leftArity() + join.rightTimeIndex()).name())
                .isEqualTo("update_time");
        assertThat(join.outputType().type(join.leftArity() + 1).isNullable()).isTrue();
        assertThat(ops).anyMatch(WindowAggregateSpec.class::isInstance);
    }

    @Test
    void onlyInnerAndLeftJoins() {
        failsAt("SELECT * FROM orders AS o RIGHT JOIN rates FOR SYSTEM_TIME AS OF o.order_time AS r"
                + " ON o.currency = r.currency;", "JOIN", "Temporal table join currently only supports INNER JOIN and"
                + " LEFT JOIN, not RIGHT JOIN.");
    }

    @Test
    void processingTimeIsRefusedForWantOfALookupConnector() {
        failsAt("SELECT * FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF PROCTIME() AS r"
                + " ON o.currency = r.currency;", "PROCTIME", "Processing-time temporal join is not supported yet");
        assertThatThrownBy(() -> last(TABLES + "SELECT * FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF"
                + " PROCTIME() AS r ON o.currency = r.currency;")).hasMessageContaining("Weir has no lookup connector");
    }

    @Test
    void asOfMustNameTheLeftRowtime() {
        failsAt("SELECT * FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF o.epoch AS r ON o.currency = r.currency;",
                "o.epoch", "Temporal table join currently only supports 'FOR SYSTEM_TIME AS OF' left table's time"
                        + " attribute field: 'epoch' is not the rowtime of 'orders'");
        failsAt("SELECT * FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF TO_TIMESTAMP_LTZ(o.epoch, 3) AS r"
                + " ON o.currency = r.currency;", "TO_TIMESTAMP_LTZ", "Temporal table join currently only supports"
                + " 'FOR SYSTEM_TIME AS OF' left table's time attribute field, not an expression.");
    }

    @Test
    void theVersionedTableNeedsAPrimaryKeyAndARowtime() {
        failsAt("SELECT * FROM orders AS o JOIN nopk FOR SYSTEM_TIME AS OF o.order_time AS r"
                + " ON o.currency = r.currency;", "nopk", "Temporal Table Join requires primary key in versioned"
                + " table, but no primary key can be found (versioned table 'nopk').");
        failsAt("SELECT * FROM orders AS o JOIN nowm FOR SYSTEM_TIME AS OF o.order_time AS r"
                + " ON o.currency = r.currency;", "nowm", "Event-Time Temporal Table Join requires both primary key"
                + " and row time attribute in versioned table, but no row time attribute can be found");
        // A view without a key is found out when planned: positioned at the query.
        failsAt("SELECT * FROM orders AS o JOIN all_rates FOR SYSTEM_TIME AS OF o.order_time AS r"
                + " ON o.currency = r.currency;", "SELECT", "Temporal Table Join requires primary key in versioned"
                + " table, but no primary key can be found (versioned table 'nopk').");
    }

    @Test
    void theOnConditionMustEquateThePrimaryKey() {
        failsAt("SELECT * FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF o.order_time AS r ON o.price = r.rate;",
                "o.price", "Temporal table's primary key [currency] must be included in the equivalence condition"
                        + " of temporal join, but current temporal join condition is [price=rate].");
        failsAt("SELECT * FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF o.order_time AS r ON o.price > r.rate;",
                "o.price", "Currently the join key in Temporal Table Join can not be empty");
    }

    @Test
    void asOfOutsideATemporalJoinIsRefused() {
        failsAt("SELECT * FROM rates FOR SYSTEM_TIME AS OF TIMESTAMP '2024-01-01 00:00:00';", "rates",
                "FOR SYSTEM_TIME AS OF is supported only on the versioned table of a temporal join");
    }
}

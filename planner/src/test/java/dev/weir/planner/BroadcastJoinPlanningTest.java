package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.executor.plan.JoinSpec;
import dev.weir.executor.plan.PhysicalPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Flink's join hint {@code /*+ BROADCAST(t) *}{@code /}: Weir broadcasts t to every subtask of the join where the
 * joined rows stay the usual join's (t inner, no state TTL), and ignores the hint elsewhere, as Flink's streaming
 * planner ignores it everywhere. Results are checked against Flink by the conformance case {@code broadcast_join}.
 */
class BroadcastJoinPlanningTest {
    private static final String TABLES = "CREATE TABLE a (k INT, x INT) WITH ('connector' = 'datagen', "
            + "'number-of-rows' = '10');\n"
            + "CREATE TABLE b (k INT, y INT) WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
            + "CREATE TABLE pairs (x INT, y INT) WITH ('connector' = 'blackhole');\n";

    private static JoinSpec join(String settings, String query) {
        PhysicalPlan plan = PlanningSessions.plan(TABLES + settings + "INSERT INTO pairs " + query + ";");
        List<JoinSpec> joins = PlanningSessions.ofType(plan.operators(), JoinSpec.class);
        assertThat(joins).as(query).hasSize(1);
        return joins.get(0);
    }

    private static JoinSpec join(String query) {
        return join("", query);
    }

    @Test
    void theHintedTableIsBroadcastByNameOrAlias() {
        assertThat(join("SELECT /*+ BROADCAST(b) */ a.x, b.y FROM a JOIN b ON a.x > b.y").broadcastInput())
                .isEqualTo(1);
        assertThat(join("SELECT /*+ BROADCAST(a) */ a.x, b.y FROM a JOIN b ON a.x > b.y").broadcastInput())
                .isEqualTo(0);
        assertThat(join("SELECT /*+ BROADCAST(s) */ l.x, s.y FROM a AS l, b AS s WHERE l.k = s.k").broadcastInput())
                .isEqualTo(1);
        // Through the projection and filter Calcite puts between the scan and the join.
        assertThat(join("SELECT /*+ BROADCAST(b) */ a.x, b.y FROM a LEFT JOIN b ON a.x > b.y AND b.y > 5")
                .broadcastInput()).isEqualTo(1);
        assertThat(join("SELECT /*+ BROADCAST(a) */ a.x, b.y FROM a RIGHT JOIN b ON a.k = b.k").broadcastInput())
                .isEqualTo(0);
    }

    @Test
    void anUpdatingInputMayBeBroadcast() {
        String changelog = "CREATE TABLE cdc (k INT, y INT) WITH ('connector' = 'filesystem', "
                + "'path' = '/tmp/weir-never-read', 'format' = 'debezium-json');\n";
        assertThat(join(changelog, "SELECT /*+ BROADCAST(cdc) */ a.x, cdc.y FROM a JOIN cdc ON a.x > cdc.y")
                .broadcastInput()).isEqualTo(1);
    }

    @Test
    void aBroadcastJoinHasItsOwnOperatorIdAndSaysSoInExplain() {
        JoinSpec hinted = join("SELECT /*+ BROADCAST(b) */ a.x, b.y FROM a JOIN b ON a.x > b.y");
        JoinSpec plain = join("SELECT a.x, b.y FROM a JOIN b ON a.x > b.y");
        assertThat(hinted.describe()).endsWith(", broadcast=[right])");
        assertThat(plain.describe()).doesNotContain("broadcast");
        assertThat(hinted.id()).isNotEqualTo(plain.id()); // its state has another layout
        assertThat(hinted.stateDescription()).contains("broadcast state");
    }

    @Test
    void theHintIsIgnoredWhereBroadcastingWouldChangeTheRowsOrNothingMatches() {
        for (String query : List.of(
                // the preserved side of an outer join: each subtask would pad its rows
                "SELECT /*+ BROADCAST(a) */ a.x, b.y FROM a LEFT JOIN b ON a.x > b.y",
                "SELECT /*+ BROADCAST(b) */ a.x, b.y FROM a RIGHT JOIN b ON a.x > b.y",
                "SELECT /*+ BROADCAST(b) */ a.x, b.y FROM a FULL JOIN b ON a.k = b.k",
                // a name that is no input of the join (Flink ignores it too)
                "SELECT /*+ BROADCAST(nowhere) */ a.x, b.y FROM a JOIN b ON a.x > b.y",
                // an input that is no plain read of the table
                "SELECT /*+ BROADCAST(b) */ a.x, c.y FROM a JOIN (SELECT k, MAX(y) AS y FROM b GROUP BY k) AS c "
                        + "ON a.k = c.k",
                // an updating input to spread: the halves of an update would leave from different subtasks
                "SELECT /*+ BROADCAST(b) */ c.x, b.y FROM (SELECT k, MAX(x) AS x FROM a GROUP BY k) AS c "
                        + "JOIN b ON c.x > b.y")) {
            assertThat(join(query).isBroadcast()).as(query).isFalse();
        }
        assertThat(join("SET 'table.exec.state.ttl' = '1 h';\n",
                "SELECT /*+ BROADCAST(b) */ a.x, b.y FROM a JOIN b ON a.x > b.y").isBroadcast())
                .as("with a state TTL").isFalse();
    }
}

package dev.weir.planner;

import static dev.weir.planner.PlanningSessions.last;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SemiAntiJoinSpec;
import dev.weir.parser.SqlException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IN / EXISTS as semi joins and NOT IN / NOT EXISTS as anti joins, with Flink's changelog rule: a
 * semi join of insert-only inputs is insert-only, so an append-only sink takes it; an anti join's
 * result is updating, so an append-only sink refuses it. Results are checked against Flink by the
 * conformance case {@code semi_anti_joins}.
 */
class SemiAntiJoinPlanningTest {
    private static final String TABLES = "CREATE TABLE a (k INT, s STRING, id BIGINT) WITH ('connector' = 'datagen', "
            + "'number-of-rows' = '10');\n"
            + "CREATE TABLE b (k INT, s STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
            + "CREATE TABLE files (k INT, s STRING) WITH ('connector' = 'filesystem', "
            + "'path' = '/tmp/weir-never-written', 'format' = 'csv');\n"
            + "CREATE TABLE counts (n BIGINT) WITH ('connector' = 'blackhole');\n"
            + "CREATE TABLE rows_out (k INT, s STRING) WITH ('connector' = 'blackhole');\n"
            + "CREATE TABLE key_counts (k INT, n BIGINT) WITH ('connector' = 'blackhole');\n";

    private static PhysicalPlan plan(String insert) {
        return PlanningSessions.plan(TABLES + insert);
    }

    private static SemiAntiJoinSpec onlyJoin(PhysicalPlan plan) {
        List<SemiAntiJoinSpec> joins = PlanningSessions.ofType(plan.operators(), SemiAntiJoinSpec.class);
        assertThat(joins).hasSize(1);
        return joins.get(0);
    }

    @Test
    void inAndExistsGoIntoAnAppendOnlySink() {
        for (String query : List.of(
                "SELECT k, s FROM a WHERE k IN (SELECT k FROM b)",
                "SELECT k, s FROM a WHERE (k, s) IN (SELECT k, s FROM b WHERE k > 1)",
                "SELECT k, s FROM a WHERE k = ANY (SELECT k FROM b)",
                "SELECT k, s FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.s = a.s AND b.k > a.k)",
                "SELECT k, s FROM a WHERE EXISTS (SELECT 1 FROM b) AND s <> 'x'")) {
            PhysicalPlan plan = plan("INSERT INTO files " + query + ";");
            SemiAntiJoinSpec join = onlyJoin(plan);
            assertThat(join.anti()).as(query).isFalse();
            assertThat(QueryPlanner.updatingNode(plan)).as(query).isNull();
            assertThat(join.id()).as(query).startsWith("semi-join-");
        }
    }

    @Test
    void notExistsAndNotInAreRefusedByAnAppendOnlySinkAsInFlink() {
        for (String query : List.of(
                "SELECT k, s FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.k = a.k)",
                "SELECT k, s FROM a WHERE k NOT IN (SELECT k FROM b)")) {
            assertThatThrownBy(() -> last(TABLES + "INSERT INTO files " + query + ";"))
                    .as(query)
                    .isInstanceOf(SqlException.class)
                    .hasMessageContaining("doesn't support consuming update changes")
                    .hasMessageContaining("LeftAntiJoin");
        }
    }

    @Test
    void aSemiJoinForwardsAnUpdatingSubqueryAndAnAggregateRetractsAnAntiJoinsRows() {
        // Flink: a semi join's changes are those of its inputs; the subquery's GROUP BY updates.
        assertThatThrownBy(() -> last(TABLES + "INSERT INTO files SELECT k, s FROM a "
                + "WHERE k IN (SELECT MAX(k) FROM b GROUP BY s);"))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("consuming update");
        PhysicalPlan counted = plan("INSERT INTO counts SELECT COUNT(*) FROM a WHERE NOT EXISTS "
                + "(SELECT 1 FROM b WHERE b.k = a.k);");
        assertThat(counted.operators()).filteredOn(GroupAggregateSpec.class::isInstance)
                .singleElement().satisfies(g -> assertThat(((GroupAggregateSpec) g).updatingInput()).isTrue());
    }

    @Test
    void aCorrelationByANonEqualityIsCheckedPerPair() {
        SemiAntiJoinSpec join = onlyJoin(plan("INSERT INTO files SELECT k, s FROM a "
                + "WHERE EXISTS (SELECT 1 FROM b WHERE b.k > a.k);"));
        assertThat(join.keys().left()).isEmpty();
        assertThat(join.conditionText()).isEqualTo(">(k0, k)");
        assertThat(join.stateDescription()).contains("under one global key (one subtask)");
    }

    @Test
    void notInOverNotNullColumnsIsKeyedOnThem() {
        // No NULL can make the comparison unknown, so it is a plain equality: the join's key.
        SemiAntiJoinSpec join = onlyJoin(plan("INSERT INTO rows_out SELECT k, s FROM a "
                + "WHERE COALESCE(k, 0) NOT IN (SELECT COALESCE(k, 0) FROM b);"));
        assertThat(join.anti()).isTrue();
        assertThat(join.keys().left()).hasSize(1);
        assertThat(join.conditionText()).isNull();
    }

    @Test
    void keysOfDifferentTypesAreCastToACommonOneOnBothSides() {
        PhysicalPlan plan = plan("INSERT INTO files SELECT k, s FROM a WHERE id IN (SELECT k FROM b);");
        SemiAntiJoinSpec join = onlyJoin(plan);
        int index = plan.operators().indexOf(join);
        List<Integer> inputs = plan.inputsOf(index);
        OperatorSpec left = plan.operators().get(inputs.get(0));
        OperatorSpec right = plan.operators().get(inputs.get(1));
        assertThat(left.outputType().type(join.keys().left()[0]).toString()).startsWith("BIGINT");
        assertThat(right.outputType().type(join.keys().right()[0]).toString()).startsWith("BIGINT");
        assertThat(right).isInstanceOf(CalcSpec.class);
    }

    @Test
    void explainDescribesTheStateAndTheIdFollowsWhatTheJoinComputes() {
        String text = ((StatementResult.Text) last(TABLES + "EXPLAIN INSERT INTO rows_out SELECT k, s FROM a "
                + "WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.s = a.s);")).text();
        assertThat(text).contains("Join(joinType=[LeftAntiJoin], where=[s = s0], select=[k, s], state=[")
                .contains("state=[every left row with its count and number of matching right rows, every right row "
                        + "with its count, per join key (s); kept until retracted (table.exec.state.ttl = 0)]");
        SemiAntiJoinSpec withTtl = onlyJoin(plan("SET 'table.exec.state.ttl' = '1 h';\nINSERT INTO rows_out "
                + "SELECT k, s FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.s = a.s);"));
        assertThat(withTtl.stateTtlMillis()).isEqualTo(3_600_000);
        String id = onlyJoin(plan("INSERT INTO files SELECT k, s FROM a WHERE k IN (SELECT k FROM b);")).id();
        // Another projection above the join leaves its id as it is; another subquery makes it another join.
        assertThat(onlyJoin(plan("INSERT INTO files SELECT k, UPPER(s) FROM a WHERE k IN (SELECT k FROM b);")).id())
                .isEqualTo(id);
        assertThat(onlyJoin(plan("INSERT INTO files SELECT k, s FROM a WHERE k IN (SELECT k FROM b WHERE k > 0);"))
                .id()).isNotEqualTo(id);
    }

    @Test
    void subqueriesOverAJoinNestedOrInHavingAreSemiAndAntiJoinsToo() {
        PhysicalPlan overJoin = plan("INSERT INTO rows_out SELECT a.k, a.s FROM a JOIN b ON a.k = b.k "
                + "WHERE EXISTS (SELECT 1 FROM b AS c WHERE c.s = a.s AND c.k <> b.k);");
        SemiAntiJoinSpec semi = onlyJoin(overJoin);
        assertThat(semi.keys().left()).hasSize(1);
        assertThat(semi.conditionText()).isNotNull();
        PhysicalPlan nested = plan("INSERT INTO rows_out SELECT k, s FROM a WHERE k IN "
                + "(SELECT k FROM b WHERE NOT EXISTS (SELECT 1 FROM a AS c WHERE c.s = b.s));");
        assertThat(nested.operators()).filteredOn(SemiAntiJoinSpec.class::isInstance)
                .extracting(o -> ((SemiAntiJoinSpec) o).anti()).containsExactlyInAnyOrder(false, true);
        assertThat(onlyJoin(plan("INSERT INTO key_counts SELECT k, COUNT(*) FROM a GROUP BY k "
                + "HAVING k IN (SELECT k FROM b);")).anti()).isFalse();
    }

    @Test
    void aSubqueryUnderOrOrInSelectKeepsTheJoinWithAnAggregate() {
        PhysicalPlan plan = plan("INSERT INTO counts SELECT COUNT(*) FROM a "
                + "WHERE k IN (SELECT k FROM b) OR s = 'x';");
        assertThat(plan.operators()).noneMatch(SemiAntiJoinSpec.class::isInstance);
    }
}

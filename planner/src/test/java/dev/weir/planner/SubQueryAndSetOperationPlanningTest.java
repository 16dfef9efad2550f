package dev.weir.planner;

import static dev.weir.planner.PlanningSessions.last;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.executor.plan.JoinSpec;
import dev.weir.executor.plan.JoinType;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.SemiAntiJoinSpec;
import dev.weir.executor.plan.UnionSpec;
import dev.weir.parser.SqlException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How subqueries (IN, EXISTS, NOT IN, NOT EXISTS, scalar) and the set operations UNION,
 * INTERSECT and EXCEPT are planned: as semi and anti joins, or joins and group aggregations with
 * updating results that append-only sinks refuse, and what stays refused. Their results are checked against Flink by the
 * conformance cases {@code subqueries} and {@code set_operations}.
 */
class SubQueryAndSetOperationPlanningTest {
    private static final String TABLES = "CREATE TABLE a (k INT, s STRING) WITH ('connector' = 'datagen', "
            + "'number-of-rows' = '10');\n"
            + "CREATE TABLE b (k INT, s STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
            + "CREATE TABLE out_rows (k INT, s STRING) WITH ('connector' = 'blackhole');\n"
            + "CREATE TABLE files (k INT, s STRING) WITH ('connector' = 'filesystem', "
            + "'path' = '/tmp/weir-never-written', 'format' = 'csv');\n";

    private static List<OperatorSpec> operators(String insert) {
        return PlanningSessions.operators(TABLES + insert);
    }

    private static List<JoinSpec> joins(List<OperatorSpec> ops) {
        return PlanningSessions.ofType(ops, JoinSpec.class);
    }

    private static List<GroupAggregateSpec> aggregates(List<OperatorSpec> ops) {
        return PlanningSessions.ofType(ops, GroupAggregateSpec.class);
    }

    private static List<SemiAntiJoinSpec> semiAntiJoins(List<OperatorSpec> ops) {
        return PlanningSessions.ofType(ops, SemiAntiJoinSpec.class);
    }

    @Test
    void inIsASemiJoinOnTheSubqueryColumnWithoutAnAggregate() {
        List<OperatorSpec> ops = operators("INSERT INTO out_rows SELECT k, s FROM a WHERE k IN (SELECT k FROM b);");
        assertThat(semiAntiJoins(ops)).singleElement().satisfies(j -> {
            assertThat(j.anti()).isFalse();
            assertThat(j.keys().left()).containsExactly(0);
            assertThat(j.keys().right()).containsExactly(0);
            assertThat(j.condition()).isNull();
        });
        assertThat(joins(ops)).isEmpty();
        assertThat(aggregates(ops)).isEmpty();
    }

    @Test
    void correlatedExistsIsASemiJoinOnTheCorrelatedColumns() {
        List<OperatorSpec> ops = operators("INSERT INTO out_rows SELECT k, s FROM a "
                + "WHERE EXISTS (SELECT 1 FROM b WHERE b.s = a.s AND b.k > 3);");
        SemiAntiJoinSpec join = semiAntiJoins(ops).get(0);
        assertThat(semiAntiJoins(ops)).hasSize(1);
        assertThat(join.anti()).isFalse();
        assertThat(join.outputType().field(join.keys().left()[0]).name()).isEqualTo("s");
        // b.k > 3 reads only the subquery: it filters the right input, not each pair.
        assertThat(join.conditionText()).isNull();
    }

    @Test
    void notExistsIsAnAntiJoin() {
        List<OperatorSpec> ops = operators("INSERT INTO out_rows SELECT k, s FROM a "
                + "WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.k = a.k);");
        assertThat(semiAntiJoins(ops)).singleElement().satisfies(j -> {
            assertThat(j.anti()).isTrue();
            assertThat(j.keys().left()).containsExactly(0);
        });
        assertThat(joins(ops)).isEmpty();
    }

    @Test
    void notInIsAnAntiJoinMatchingUnlessTheComparisonIsFalseUnderOneGlobalKey() {
        List<OperatorSpec> ops = operators("INSERT INTO out_rows SELECT k, s FROM a WHERE k NOT IN (SELECT k FROM b);");
        // k is nullable on both sides: a NULL on either makes the comparison unknown, which drops the row.
        assertThat(semiAntiJoins(ops)).singleElement().satisfies(j -> {
            assertThat(j.anti()).isTrue();
            assertThat(j.keys().left()).isEmpty();
            assertThat(j.conditionText()).isEqualTo("OR(=(k, k0), IS NULL(k), IS NULL(k0))");
            assertThat(j.stateDescription()).contains("one global key");
        });
        assertThat(joins(ops)).isEmpty();
        assertThat(aggregates(ops)).isEmpty();
    }

    @Test
    void anUncorrelatedScalarSubqueryIsALeftJoinWithItsSingleRow() {
        List<OperatorSpec> ops = operators("INSERT INTO out_rows SELECT k, CAST((SELECT MAX(s) FROM b) AS STRING) "
                + "FROM a;");
        assertThat(joins(ops)).singleElement().satisfies(j -> {
            assertThat(j.joinType()).isEqualTo(JoinType.LEFT);
            assertThat(j.keys().left()).isEmpty();
        });
    }

    @Test
    void unionIsAGroupAggregateOverUnionAll() {
        List<OperatorSpec> ops = operators("INSERT INTO out_rows SELECT k, s FROM a UNION SELECT k, s FROM b;");
        assertThat(ops).filteredOn(UnionSpec.class::isInstance).hasSize(1);
        assertThat(aggregates(ops)).singleElement().satisfies(g -> assertThat(g.keyIndices()).containsExactly(0, 1));
    }

    @Test
    void intersectAndExceptCountRowsPerInput() {
        List<OperatorSpec> intersect = operators("INSERT INTO out_rows SELECT k, s FROM a INTERSECT SELECT k, s FROM b;");
        assertThat(aggregates(intersect)).hasSize(3);
        assertThat(intersect).filteredOn(UnionSpec.class::isInstance).hasSize(1);
        List<OperatorSpec> except = operators("INSERT INTO out_rows SELECT k, s FROM a EXCEPT SELECT k, s FROM b;");
        assertThat(aggregates(except)).singleElement().satisfies(g -> {
            assertThat(g.keyIndices()).containsExactly(0, 1);
            assertThat(g.aggregateCalls()).hasSize(2).allSatisfy(c -> assertThat(c.filterIndex()).isNotNegative());
        });
    }

    @Test
    void updatingResultsAreRefusedByAnAppendOnlySink() {
        for (String query : List.of("SELECT k, s FROM a UNION SELECT k, s FROM b",
                "SELECT k, s FROM a EXCEPT SELECT k, s FROM b",
                "SELECT k, s FROM a WHERE k NOT IN (SELECT k FROM b)",
                "SELECT k, s FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.k = a.k)",
                // IN under OR is not a semi join: a join with the distinct keys, updating.
                "SELECT k, s FROM a WHERE k IN (SELECT k FROM b) OR s = 'x'")) {
            assertThatThrownBy(() -> last(TABLES + "INSERT INTO files " + query + ";"))
                    .as(query)
                    .isInstanceOf(SqlException.class)
                    .hasMessageContaining("consuming update changes");
        }
    }

    @Test
    void intersectAllAndExceptAllReplicateCountedRowsAndAreUpdating() {
        for (String op : List.of("INTERSECT ALL", "EXCEPT ALL")) {
            List<OperatorSpec> ops = operators("INSERT INTO out_rows SELECT k, s FROM a " + op + " SELECT k, s FROM b;");
            assertThat(aggregates(ops)).as(op).hasSize(1);
            assertThat(ops).as(op).anyMatch(o -> o instanceof dev.weir.executor.plan.ReplicateRowsSpec);
            assertThatThrownBy(() -> last(TABLES + "INSERT INTO files SELECT k, s FROM a " + op
                    + " SELECT k, s FROM b;")).as(op).isInstanceOf(SqlException.class)
                    .hasMessageContaining("consuming update changes");
        }
    }

    @Test
    void aScalarSubqueryWithoutAnAggregateIsRefused() {
        assertThatThrownBy(() -> last(TABLES + "INSERT INTO out_rows SELECT k, (SELECT s FROM b) FROM a;"))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("Not supported yet: a scalar subquery without an aggregate");
    }

    @Test
    void aCorrelatedCountJoinsOnTheCorrelatedColumnNotNullSafely() {
        List<OperatorSpec> ops = operators("INSERT INTO out_rows SELECT k, CAST((SELECT COUNT(*) FROM b WHERE b.k = a.k) "
                + "AS STRING) FROM a;");
        assertThat(joins(ops)).hasSize(2).allSatisfy(j -> {
            assertThat(j.joinType()).isEqualTo(JoinType.LEFT);
            assertThat(j.keys().left()).hasSize(1);
            assertThat(j.conditionText()).isNull();
        });
    }

    @Test
    void aNullSafeEqualityWrittenInTheQueryIsNotTakenForAKey() {
        // The decorrelator's IS NOT DISTINCT FROM becomes a key; one the query wrote itself must not.
        List<OperatorSpec> ops = operators("INSERT INTO out_rows SELECT a.k, b.s FROM a JOIN b "
                + "ON a.k IS NOT DISTINCT FROM b.k WHERE a.k IN (SELECT k FROM b);");
        assertThat(joins(ops)).singleElement().satisfies(j -> {
            assertThat(j.keys().left()).isEmpty();
            assertThat(j.conditionText()).contains("IS NOT DISTINCT FROM");
        });
    }

    @Test
    void joinsWithoutAnEqualityRunUnderOneGlobalKeyCheckingTheConditionPerPair() {
        // As Flink's singleton join: a cross join, a non-equi join, a scalar subquery correlated by a non-equality.
        assertThat(joins(operators("INSERT INTO out_rows SELECT a.k, b.s FROM a, b;"))).singleElement()
                .satisfies(j -> {
                    assertThat(j.keys().left()).isEmpty();
                    assertThat(j.conditionText()).isNull();
                    assertThat(j.stateDescription()).contains("under one global key (one subtask)");
                });
        assertThat(joins(operators("INSERT INTO out_rows SELECT a.k, b.s FROM a LEFT JOIN b ON a.k < b.k;")))
                .singleElement().satisfies(j -> {
                    assertThat(j.keys().left()).isEmpty();
                    assertThat(j.conditionText()).contains("<");
                });
        assertThat(joins(operators("INSERT INTO out_rows SELECT k, s FROM a "
                + "WHERE k > (SELECT COUNT(*) FROM b WHERE b.k > a.k);")))
                .anySatisfy(j -> assertThat(j.keys().left()).isEmpty());
    }
}

package dev.weir.planner.physical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlQuantifyOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Turns the subqueries that stand as conjuncts of a WHERE (or HAVING) condition into semi and anti
 * joins, as Flink's subquery removal does: {@code EXISTS} and {@code x IN (…)} (also
 * {@code = ANY}) become a SEMI join, {@code NOT EXISTS} and {@code x NOT IN (…)} (also
 * {@code <> ALL}) an ANTI join, whose right input is the subquery itself. A semi join of
 * insert-only inputs is insert-only, unlike the join with a distinct aggregate Calcite's own
 * rewrite produces.
 *
 * <p>A correlated subquery is decorrelated here when its references to the outer row all sit in
 * conjuncts of the filters directly under its top (through projections only): those conjuncts
 * move into the join's condition (equalities become the join keys, anything else is checked per
 * pair), the columns they read are carried up through the projections. A subquery correlated
 * anywhere else (under an aggregate, a join, …), or a subquery elsewhere in an expression (under
 * OR, in SELECT), is left to {@link SubQueriesAndSetOperations}' general rewrite.
 *
 * <p>NOT IN keeps SQL's NULL rules: the anti join drops a left row when some subquery row's
 * comparison is not FALSE, so its condition is {@code x = y OR x IS NULL OR y IS NULL} per column
 * (the NULL tests only for nullable columns). With a nullable column that condition has no key
 * equality, so the join runs under one global key (one subtask), as in Flink.
 */
final class SemiAntiJoins {
    private SemiAntiJoins() {
    }

    /** {@code rel} with every filter's subquery conjuncts that can be turned into semi and anti joins turned. */
    static RelNode rewrite(RelNode rel) {
        return rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                return visited instanceof LogicalFilter filter ? rewriteFilter(filter) : visited;
            }
        });
    }

    private static RelNode rewriteFilter(LogicalFilter filter) {
        RelNode input = filter.getInput();
        RexBuilder rex = filter.getCluster().getRexBuilder();
        List<RexNode> rest = new ArrayList<>();
        List<Joined> joins = new ArrayList<>();
        for (RexNode c : RelOptUtil.conjunctions(filter.getCondition())) {
            Joined joined = RexUtil.SubQueryFinder.find(c) == null ? null : toJoin(c, filter);
            if (joined == null) {
                rest.add(c);
            } else {
                joins.add(joined);
            }
        }
        if (joins.isEmpty()) {
            return filter;
        }
        // The other conjuncts first: they only read the outer row, and fewer rows mean less join state.
        RelNode rel = rest.isEmpty() ? input
                : filter.copy(filter.getTraitSet(), input, RexUtil.composeConjunction(rex, rest));
        for (Joined joined : joins) {
            rel = LogicalJoin.create(rel, joined.right(), List.of(), joined.condition(), Set.of(),
                    joined.anti() ? JoinRelType.ANTI : JoinRelType.SEMI);
        }
        return rel;
    }

    /** A subquery turned into the right input and condition of a semi or anti join. */
    private record Joined(RelNode right, RexNode condition, boolean anti) {
    }

    private static Joined toJoin(RexNode conjunct, LogicalFilter filter) {
        boolean negated = conjunct.getKind() == SqlKind.NOT;
        RexNode inner = negated ? ((RexCall) conjunct).getOperands().get(0) : conjunct;
        if (!(inner instanceof RexSubQuery sub)) {
            return null;
        }
        boolean in = sub.getKind() == SqlKind.IN || sub.getKind() == SqlKind.SOME
                && sub.getOperator() instanceof SqlQuantifyOperator q && q.comparisonKind == SqlKind.EQUALS;
        if (!in && sub.getKind() != SqlKind.EXISTS) {
            return null;
        }
        for (RexNode operand : sub.getOperands()) {
            if (RexUtil.SubQueryFinder.find(operand) != null) {
                return null;
            }
        }
        int leftCount = filter.getInput().getRowType().getFieldCount();
        Set<CorrelationId> used = correlations(sub.rel);
        used.removeAll(definedCorrelations(sub.rel)); // those of subqueries nested in it are theirs
        if (used.size() > 1 || !filter.getVariablesSet().containsAll(used)
                || !used.isEmpty() && correlationWidth(sub.rel, used.iterator().next()) != leftCount) {
            return null; // correlated with an outer query, or with a row other than the filter's input
        }
        Pulled pulled = new Pulled(sub.rel, List.of());
        if (!used.isEmpty()) {
            CorrelationId cor = used.iterator().next();
            pulled = pull(sub.rel, cor, filter.getInput().getRowType(), leftCount);
            if (pulled == null || correlations(pulled.rel()).contains(cor)) {
                return null;
            }
        }
        RelNode right = rewrite(pulled.rel());
        RexBuilder rex = filter.getCluster().getRexBuilder();
        List<RexNode> conditions = new ArrayList<>();
        if (in) {
            List<RelDataType> rightTypes = new ArrayList<>();
            right.getRowType().getFieldList().forEach(f -> rightTypes.add(f.getType()));
            for (int i = 0; i < sub.getOperands().size(); i++) {
                RexNode left = sub.getOperands().get(i);
                RexNode column = new RexInputRef(leftCount + i, rightTypes.get(i));
                conditions.add(negated ? notFalse(rex, left, column) : equal(rex, left, column));
            }
        }
        conditions.addAll(pulled.conditions());
        return new Joined(right, RexUtil.composeConjunction(rex, conditions), negated);
    }

    /** {@code a = b}, over a common type when the two differ (so that both sides hash alike). */
    private static RexNode equal(RexBuilder rex, RexNode a, RexNode b) {
        RelDataTypeFactory types = rex.getTypeFactory();
        RelDataType at = a.getType();
        RelDataType bt = b.getType();
        if (!SqlTypeUtil.equalSansNullability(types, at, bt) && (SqlTypeUtil.isNumeric(at) && SqlTypeUtil.isNumeric(bt)
                || SqlTypeUtil.isDatetime(at) && SqlTypeUtil.isDatetime(bt))) {
            RelDataType common = types.leastRestrictive(List.of(at, bt));
            if (common != null) {
                a = rex.makeCast(types.createTypeWithNullability(common, at.isNullable()), a, true, false);
                b = rex.makeCast(types.createTypeWithNullability(common, bt.isNullable()), b, true, false);
            }
        }
        return rex.makeCall(SqlStdOperatorTable.EQUALS, a, b);
    }

    /** Whether {@code a = b} is not FALSE: true or unknown (a NULL on either side), NOT IN's match. */
    private static RexNode notFalse(RexBuilder rex, RexNode a, RexNode b) {
        List<RexNode> any = new ArrayList<>();
        any.add(equal(rex, a, b));
        if (a.getType().isNullable()) {
            any.add(rex.makeCall(SqlStdOperatorTable.IS_NULL, a));
        }
        if (b.getType().isNullable()) {
            any.add(rex.makeCall(SqlStdOperatorTable.IS_NULL, b));
        }
        return RexUtil.composeDisjunction(rex, any);
    }

    /**
     * A subquery without its references to the outer row: {@code rel} rewritten, plus the conjuncts
     * that held them, over the outer row's fields followed by {@code rel}'s.
     */
    private record Pulled(RelNode rel, List<RexNode> conditions) {
    }

    /**
     * Pulls the conjuncts reading {@code cor} out of the filters of {@code rel}'s top stretch of
     * filters and projections; null when {@code cor} is read anywhere else.
     */
    private static Pulled pull(RelNode rel, CorrelationId cor, RelDataType outerType, int leftCount) {
        if (!correlations(rel).contains(cor)) {
            return new Pulled(rel, List.of());
        }
        if (rel instanceof LogicalFilter filter) {
            Pulled below = pull(filter.getInput(), cor, outerType, leftCount);
            if (below == null) {
                return null;
            }
            List<RexNode> kept = new ArrayList<>();
            List<RexNode> pulled = new ArrayList<>(below.conditions());
            for (RexNode c : RelOptUtil.conjunctions(filter.getCondition())) {
                if (!readsCorrelation(c, cor)) {
                    kept.add(c);
                } else if (RexUtil.SubQueryFinder.find(c) != null) {
                    return null;
                } else {
                    pulled.add(toJoinCondition(c, cor, outerType, leftCount));
                }
            }
            RelNode input = below.rel();
            RelNode rewritten = kept.isEmpty() ? input : filter.copy(filter.getTraitSet(), input,
                    RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), kept));
            return new Pulled(rewritten, pulled);
        }
        if (rel instanceof LogicalProject project) {
            for (RexNode e : project.getProjects()) {
                if (readsCorrelation(e, cor)) {
                    return null;
                }
            }
            Pulled below = pull(project.getInput(), cor, outerType, leftCount);
            if (below == null) {
                return null;
            }
            // Carry the input columns the pulled conjuncts read up through the projection.
            List<RexNode> projects = new ArrayList<>(project.getProjects());
            List<String> names = new ArrayList<>(project.getRowType().getFieldNames());
            RelNode input = below.rel();
            int[] position = new int[input.getRowType().getFieldCount()];
            Arrays.fill(position, -1);
            for (int i = 0; i < projects.size(); i++) {
                if (projects.get(i) instanceof RexInputRef ref && position[ref.getIndex()] < 0) {
                    position[ref.getIndex()] = i;
                }
            }
            for (RexNode c : below.conditions()) {
                for (int field : RelOptUtil.InputFinder.bits(c)) {
                    int column = field - leftCount;
                    if (column >= 0 && position[column] < 0) {
                        position[column] = projects.size();
                        projects.add(RexInputRef.of(column, input.getRowType()));
                        names.add("$cor" + column);
                    }
                }
            }
            List<RexNode> conditions = new ArrayList<>();
            for (RexNode c : below.conditions()) {
                conditions.add(c.accept(new RexShuttle() {
                    @Override
                    public RexNode visitInputRef(RexInputRef ref) {
                        int column = ref.getIndex() - leftCount;
                        return column < 0 ? ref : new RexInputRef(leftCount + position[column], ref.getType());
                    }
                }));
            }
            RelNode projected = LogicalProject.create(input, project.getHints(), projects,
                    RexUtil.createStructType(project.getCluster().getTypeFactory(), projects,
                            uniquify(names), null), project.getVariablesSet());
            return new Pulled(projected, conditions);
        }
        return null;
    }

    private static List<String> uniquify(List<String> names) {
        List<String> unique = new ArrayList<>(names.size());
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            String candidate = name;
            for (int n = 0; !seen.add(candidate); n++) {
                candidate = name + n;
            }
            unique.add(candidate);
        }
        return unique;
    }

    /**
     * {@code c} (over a subquery node's input, reading {@code cor}) over the outer row's fields
     * followed by that input's: {@code cor.f} becomes field f, input field i becomes leftCount + i.
     */
    private static RexNode toJoinCondition(RexNode c, CorrelationId cor, RelDataType outerType, int leftCount) {
        return c.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(leftCount + ref.getIndex(), ref.getType());
            }

            @Override
            public RexNode visitFieldAccess(RexFieldAccess access) {
                if (access.getReferenceExpr() instanceof RexCorrelVariable v && v.id.equals(cor)) {
                    int index = access.getField().getIndex();
                    return new RexInputRef(index, outerType.getFieldList().get(index).getType());
                }
                return super.visitFieldAccess(access);
            }
        });
    }

    private static boolean readsCorrelation(RexNode e, CorrelationId cor) {
        boolean[] found = {false};
        e.accept(new RexShuttle() {
            @Override
            public RexNode visitCorrelVariable(RexCorrelVariable v) {
                found[0] |= v.id.equals(cor);
                return v;
            }

            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                found[0] |= correlations(subQuery.rel).contains(cor);
                return super.visitSubQuery(subQuery);
            }
        });
        return found[0];
    }

    /** The correlation variables that nodes of {@code rel} define for the subqueries in their expressions. */
    private static Set<CorrelationId> definedCorrelations(RelNode rel) {
        Set<CorrelationId> ids = new HashSet<>();
        rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                ids.addAll(other.getVariablesSet());
                other.accept(new RexShuttle() {
                    @Override
                    public RexNode visitSubQuery(RexSubQuery subQuery) {
                        ids.addAll(definedCorrelations(subQuery.rel));
                        return subQuery;
                    }
                });
                return super.visit(other);
            }
        });
        return ids;
    }

    /** The number of fields of the row {@code cor} stands for in {@code rel} (-1 when it is not read there). */
    private static int correlationWidth(RelNode rel, CorrelationId cor) {
        int[] width = {-1};
        RexShuttle find = new RexShuttle() {
            @Override
            public RexNode visitCorrelVariable(RexCorrelVariable v) {
                if (v.id.equals(cor)) {
                    width[0] = v.getType().getFieldCount();
                }
                return v;
            }

            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                int inner = correlationWidth(subQuery.rel, cor);
                width[0] = inner >= 0 ? inner : width[0];
                return super.visitSubQuery(subQuery);
            }
        };
        rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                other.accept(find);
                return super.visit(other);
            }
        });
        return width[0];
    }

    /** The correlation variables {@code rel} and the subqueries in it read. */
    private static Set<CorrelationId> correlations(RelNode rel) {
        Set<CorrelationId> ids = new HashSet<>();
        RexShuttle collect = new RexShuttle() {
            @Override
            public RexNode visitCorrelVariable(RexCorrelVariable v) {
                ids.add(v.id);
                return v;
            }

            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                ids.addAll(correlations(subQuery.rel));
                return super.visitSubQuery(subQuery);
            }
        };
        rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                other.accept(collect);
                return super.visit(other);
            }
        });
        return ids;
    }
}

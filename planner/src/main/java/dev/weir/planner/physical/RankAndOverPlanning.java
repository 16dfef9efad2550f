package dev.weir.planner.physical;

import static dev.weir.planner.physical.PhysicalPlanner.unsupported;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.DeduplicateSpec;
import dev.weir.executor.plan.OverAggregateSpec;
import dev.weir.executor.plan.RankSpec;
import dev.weir.executor.plan.SortOrder;
import dev.weir.planner.calcite.CalciteTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;

/**
 * The OVER windows of a Calc, as Flink plans them: deduplication ({@link DeduplicateSpec}) and
 * Top-N ({@link RankSpec}) from a filtered ROW_NUMBER(), and the OVER aggregation
 * ({@link OverAggregateSpec}, whose window {@link OverWindows} reads) for any other aggregate.
 */
final class RankAndOverPlanning {
    /** The OVER windows Weir plans, for the error refusing any other. */
    static final String OVER_SUPPORTED = "OVER windows other than deduplication and Top-N (ROW_NUMBER() "
            + "OVER (PARTITION BY ... ORDER BY ...) filtered with rn = 1 or rn <= N in an outer query)";

    private final PlanContext context;

    RankAndOverPlanning(PlanContext context) {
        this.context = Objects.requireNonNull(context, "context is null");
    }

    /**
     * {@code SELECT ... FROM (SELECT ..., ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts) AS rn FROM t)
     * WHERE rn = 1}: a Deduplicate keeping the first (ASC) or last (DESC) row per key on the
     * rowtime, then the outer Calc with {@code rn} replaced by 1; {@code rn <= N}: a Top-N (a window
     * one when partitioned by a window, see {@link WindowPlanning}; the retracting one over an updating
     * input, also for {@code rn = 1} on the rowtime, as Flink); {@code rn = N}: that Top-N, then a filter
     * on the rank; any other OVER aggregate: an
     * OverAggregate. {@code projections} and {@code condition} are the outer Calc's, over
     * {@code input}; {@code inputCondition} is a WHERE applying before the OVER, or null.
     */
    Fragment rankOrOver(Calc calc, RelNode input, RexNode inputCondition, List<RexNode> projections,
            RexNode condition) {
        List<RexOver> overs = overs(projections, condition);
        for (RexOver o : overs) {
            if (o.getOperator().getKind() != SqlKind.ROW_NUMBER) {
                return overAggregate(calc, input, inputCondition, projections, condition);
            }
        }
        RexOver over = singleRowNumber(overs);
        long n = rowNumberBound(condition, over);
        // rn = N (N > 1) keeps only rank N: a Top-N with the rank, then the filter on it.
        boolean onlyRankN = n > 1 && condition.getKind() == SqlKind.EQUALS;
        if (n < 1) {
            throw unsupported("ROW_NUMBER() without a filter rn = N or rn <= N in the outer query ("
                    + OVER_SUPPORTED + ")");
        }
        if (over.getWindow().orderKeys.isEmpty()) {
            throw unsupported("ROW_NUMBER() without ORDER BY");
        }
        WindowProperties rankWindow = WindowPlanning.rankWindow(input, over);
        if (rankWindow != null) {
            return new WindowPlanning(context).rank(calc, input, inputCondition, projections,
                    onlyRankN ? condition : null, over, n, rankWindow);
        }
        Fragment f = context.translate(input);
        // An updating input (a GROUP BY's result, a changelog source) needs the retracting Top-N, as in Flink
        // (its RetractStrategy); Flink plans a deduplication over one as that Top-1 too.
        boolean updatingInput = f.updatingNode != null;
        // WHERE of the inner query: applies before ROW_NUMBER() numbers the rows.
        filterInput(f, input, inputCondition);
        int[] keys = partitionColumns(f, over);
        SortOrder order = sortOrder(f, over);
        int[] fieldMap = f.fieldMap;
        RexNode rank;
        if (n == 1 && order.size() == 1 && order.index(0) == f.rowtime && !updatingInput) {
            rank = addDeduplicate(f, keys, order, calc, over); // Top-1 on the rowtime
        } else {
            rank = addRank(f, keys, order, n, rankReferenced(projections) || onlyRankN, over, updatingInput);
        }
        f.fieldMap = fieldMap;
        f.rowtime = -1; // as for any updating result
        replaceOvers(f, projections, onlyRankN ? condition : null, rank, calc);
        return f;
    }

    /** The OVER calls of the outer Calc's projections and condition, in order, repeats included. */
    private static List<RexOver> overs(List<RexNode> projections, RexNode condition) {
        List<RexOver> overs = new ArrayList<>();
        RexShuttle findOvers = new RexShuttle() {
            @Override
            public RexNode visitOver(RexOver over) {
                overs.add(over);
                return over;
            }
        };
        for (RexNode p : projections) {
            p.accept(findOvers);
        }
        if (condition != null) {
            condition.accept(findOvers);
        }
        return overs;
    }

    /** The one ROW_NUMBER() call of {@code overs} (all ROW_NUMBER()s), however often it is used. */
    private static RexOver singleRowNumber(List<RexOver> overs) {
        RexOver over = overs.isEmpty() ? null : overs.get(0);
        for (RexOver o : overs) {
            if (!o.equals(over)) {
                throw unsupported("more than one OVER aggregate in a query");
            }
        }
        if (over == null || over.getOperator().getKind() != SqlKind.ROW_NUMBER) {
            throw unsupported(OVER_SUPPORTED);
        }
        return over;
    }

    /** Adds a Calc filtering the input by {@code inputCondition} (a WHERE before the OVER), if any. */
    private static void filterInput(Fragment f, RelNode input, RexNode inputCondition) {
        if (inputCondition == null) {
            return;
        }
        List<RexNode> identity = new ArrayList<>();
        for (int i = 0; i < input.getRowType().getFieldCount(); i++) {
            identity.add(f.remap(RexInputRef.of(i, input.getRowType())));
        }
        f.addCalc(identity, f.remap(inputCondition), input.getRowType());
    }

    /** The PARTITION BY columns of {@code over} in the fragment's output. */
    private static int[] partitionColumns(Fragment f, RexOver over) {
        var window = over.getWindow();
        int[] keys = new int[window.partitionKeys.size()];
        for (int i = 0; i < keys.length; i++) {
            RexNode key = f.remap(window.partitionKeys.get(i));
            if (!(key instanceof RexInputRef ref)) {
                throw unsupported("PARTITION BY an expression in ROW_NUMBER(); partition by columns");
            }
            keys[i] = ref.getIndex();
        }
        return keys;
    }

    /** The ORDER BY of {@code over} as sort keys over the fragment's output. */
    private static SortOrder sortOrder(Fragment f, RexOver over) {
        var window = over.getWindow();
        int[] orderIndices = new int[window.orderKeys.size()];
        boolean[] descending = new boolean[orderIndices.length];
        boolean[] nullsFirst = new boolean[orderIndices.length];
        for (int i = 0; i < orderIndices.length; i++) {
            var order = window.orderKeys.get(i);
            if (!(f.remap(order.getKey()) instanceof RexInputRef ref)) {
                throw unsupported("ORDER BY an expression in ROW_NUMBER(); order by columns");
            }
            orderIndices[i] = ref.getIndex();
            descending[i] = order.getDirection() == RelFieldCollation.Direction.DESCENDING;
            var nulls = order.getNullDirection();
            // Flink's default: NULLS FIRST ascending, NULLS LAST descending.
            nullsFirst[i] = nulls == RelFieldCollation.NullDirection.UNSPECIFIED
                    ? !descending[i] : nulls == RelFieldCollation.NullDirection.FIRST;
        }
        return new SortOrder(orderIndices, descending, nullsFirst);
    }

    /** Whether the outer query selects the row number (else the Rank need not output it). */
    static boolean rankReferenced(List<RexNode> projections) {
        boolean rankReferenced = false;
        for (RexNode p : projections) {
            rankReferenced |= RexOver.containsOver(p);
        }
        return rankReferenced;
    }

    /**
     * Top-1 on the rowtime: a Deduplicate keeping the first (ASC) or last (DESC) row per key. Returns
     * the row number's value: 1.
     */
    private static RexNode addDeduplicate(Fragment f, int[] keys, SortOrder order, Calc calc, RexOver over) {
        int time = order.index(0);
        boolean keepLast = order.isDescending(0);
        DeduplicateSpec draft = new DeduplicateSpec("draft", f.type, keys, time, keepLast);
        DeduplicateSpec spec = new DeduplicateSpec(OperatorIds.derive("dedup-", draft.describe(), f.lineage()),
                f.type, keys, time, keepLast);
        f.add(spec, f.type); // the output layout is the input's: the field map still holds
        f.updatingNode = spec.describe();
        return calc.getCluster().getRexBuilder().makeLiteral(1L, over.getType());
    }

    /**
     * A Top-N (the retracting one over an updating input), with the rank as an extra last column when the
     * outer query reads it. Returns the rank's value.
     */
    private static RexNode addRank(Fragment f, int[] keys, SortOrder order, long n, boolean rankReferenced,
            RexOver over, boolean updatingInput) {
        int inputArity = f.type.arity();
        RowType outType = rankReferenced ? withRankColumn(f.type, CalciteTypes.toDataType(over.getType())) : f.type;
        RankSpec draft = new RankSpec("draft", outType, keys, order, n, rankReferenced, updatingInput);
        RankSpec spec = new RankSpec(OperatorIds.derive("rank-", draft.describe(), f.lineage()), outType, keys,
                order, n, rankReferenced, updatingInput);
        f.add(spec, outType);
        f.updatingNode = spec.describe();
        return new RexInputRef(inputArity, over.getType());
    }

    /** {@code input}'s columns and the rank as a last one, as Rank and WindowRank output it when it is read. */
    static RowType withRankColumn(RowType input, DataType rankType) {
        RowType.Builder b = RowType.builder();
        for (int i = 0; i < input.arity(); i++) {
            b.add(input.field(i).name(), input.type(i));
        }
        return b.add("w0$o0", rankType).build();
    }

    /** The outer Calc, with the row number replaced by {@code rank}; {@code condition} (or null) filters it. */
    private static void replaceOvers(Fragment f, List<RexNode> projections, RexNode condition, RexNode rank,
            Calc calc) {
        RexShuttle rowNumberToRank = replacingOvers(rank);
        List<RexNode> outer = new ArrayList<>();
        for (RexNode p : projections) {
            outer.add(f.remap(p).accept(rowNumberToRank));
        }
        f.addCalc(outer, condition == null ? null : f.remap(condition).accept(rowNumberToRank), calc.getRowType());
    }

    /** Replaces every OVER call (the ROW_NUMBER() of a Top-N) by {@code rank}, its column or the constant 1. */
    static RexShuttle replacingOvers(RexNode rank) {
        return new RexShuttle() {
            @Override
            public RexNode visitOver(RexOver o) {
                return rank;
            }
        };
    }

    /**
     * {@code agg(x) OVER (PARTITION BY k ORDER BY rowtime ROWS|RANGE ... PRECEDING AND CURRENT ROW)}: an
     * OverAggregate appending one column per distinct OVER call to its input's columns, then a Calc with
     * each OVER call replaced by its column. A WHERE of the same query filters before the OVER; a filter
     * on the OVER results (an outer query's, merged in) after it.
     */
    private Fragment overAggregate(Calc calc, RelNode input, RexNode inputCondition, List<RexNode> projections,
            RexNode condition) {
        if (condition != null && !RexOver.containsOver(condition) && input == calc.getInput()) {
            // One Calc holding both: Calcite never merges a filter above an OVER into it, so it is the WHERE.
            inputCondition = condition;
            condition = null;
        }
        Fragment f = context.translate(input);
        filterInput(f, input, inputCondition);
        List<RexOver> overs = new ArrayList<>();
        RexShuttle collect = new RexShuttle() {
            @Override
            public RexNode visitOver(RexOver o) {
                if (!overs.contains(o)) {
                    overs.add(o);
                }
                return o;
            }
        };
        List<RexNode> remapped = new ArrayList<>();
        for (RexNode p : projections) {
            remapped.add(f.remap(p).accept(collect));
        }
        RexNode after = condition == null ? null : f.remap(condition).accept(collect);
        boolean byRowtime = OverWindows.orderedByRowtime(overs, f.rowtime);
        if (f.updatingNode != null && byRowtime) {
            // Flink refuses it too ("StreamPhysicalOverAggregate doesn't support consuming update and delete changes").
            throw unsupported("an OVER aggregate ordered by the rowtime over an updating input (produced by "
                    + f.updatingNode + "); Flink's time-ordered OVER takes insert-only input");
        }
        if (f.updatingNode != null || !byRowtime) {
            return nonTimeOverAggregate(f, overs, remapped, after, calc);
        }
        OverWindows window = OverWindows.of(overs, f.rowtime);
        int inputArity = f.type.arity();
        RowType.Builder out = RowType.builder();
        for (int i = 0; i < inputArity; i++) {
            out.add(f.type.field(i).name(), f.type.type(i));
        }
        for (var call : window.calls()) {
            out.add(call.name(), call.resultType());
        }
        RowType outType = out.build();
        OverAggregateSpec draft = new OverAggregateSpec("draft", outType, window.keys(), f.rowtime, window.rows(),
                window.preceding(), AggregateCalls.unnamed(window.calls()));
        f.add(new OverAggregateSpec(OperatorIds.derive("over-", draft.describe(), f.lineage()), outType,
                window.keys(), f.rowtime, window.rows(), window.preceding(), window.calls()), outType);
        RexShuttle toColumns = new RexShuttle() {
            @Override
            public RexNode visitOver(RexOver o) {
                return new RexInputRef(inputArity + overs.indexOf(o), o.getType());
            }
        };
        List<RexNode> outer = new ArrayList<>();
        for (RexNode p : remapped) {
            outer.add(p.accept(toColumns));
        }
        f.addCalc(outer, after == null ? null : after.accept(toColumns), calc.getRowType());
        return f;
    }

    /**
     * {@code agg(x) OVER (PARTITION BY k ORDER BY c ROWS|RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)}
     * ordered by a column other than the rowtime, or over an updating input: an updating OverAggregate
     * (see {@link OverAggregateSpec}) appending the aggregates, then the outer Calc over its columns.
     * {@code overs}, {@code projections} and {@code condition} are already over the fragment's columns.
     */
    private static Fragment nonTimeOverAggregate(Fragment f, List<RexOver> overs, List<RexNode> projections,
            RexNode condition, Calc calc) {
        int[] orderColumn = new int[1];
        OverWindows window = OverWindows.nonTime(overs, orderColumn);
        // Flink's default for ASC: NULLS FIRST (the window is ascending, see OverWindows.nonTime).
        var nulls = overs.get(0).getWindow().orderKeys.get(0).getNullDirection();
        SortOrder order = new SortOrder(new int[] {orderColumn[0]}, new boolean[] {false},
                new boolean[] {nulls != RelFieldCollation.NullDirection.LAST});
        int inputArity = f.type.arity();
        RowType.Builder out = RowType.builder();
        for (int i = 0; i < inputArity; i++) {
            out.add(f.type.field(i).name(), f.type.type(i));
        }
        for (var call : window.calls()) {
            out.add(call.name(), call.resultType());
        }
        RowType outType = out.build();
        OverAggregateSpec draft = new OverAggregateSpec("draft", outType, window.keys(), -1, window.rows(), -1,
                AggregateCalls.unnamed(window.calls()), order);
        OverAggregateSpec spec = new OverAggregateSpec(OperatorIds.derive("over-", draft.describe(), f.lineage()),
                outType, window.keys(), -1, window.rows(), -1, window.calls(), order);
        f.add(spec, outType);
        f.updatingNode = spec.describe();
        f.rowtime = -1; // as for any updating result
        RexShuttle toColumns = new RexShuttle() {
            @Override
            public RexNode visitOver(RexOver o) {
                return new RexInputRef(inputArity + overs.indexOf(o), o.getType());
            }
        };
        List<RexNode> outer = new ArrayList<>();
        for (RexNode p : projections) {
            outer.add(p.accept(toColumns));
        }
        f.addCalc(outer, condition == null ? null : condition.accept(toColumns), calc.getRowType());
        return f;
    }

    /** N of a condition {@code rn = N}, {@code rn <= N} or {@code rn < N + 1}; -1 for anything else. */
    private static long rowNumberBound(RexNode condition, RexOver over) {
        if (!(condition instanceof RexCall call) || call.getOperands().size() != 2) {
            return -1;
        }
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        SqlKind kind = call.getKind();
        if (right instanceof RexOver && left instanceof RexLiteral) {
            RexNode t = left;
            left = right;
            right = t;
            kind = kind.reverse();
        }
        if (!left.equals(over) || !(right instanceof RexLiteral lit)
                || lit.getValueAs(Long.class) == null) {
            return -1;
        }
        long v = lit.getValueAs(Long.class);
        return switch (kind) {
            case EQUALS, LESS_THAN_OR_EQUAL -> v;
            case LESS_THAN -> v - 1;
            default -> -1;
        };
    }
}

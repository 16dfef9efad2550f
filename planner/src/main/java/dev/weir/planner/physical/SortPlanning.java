package dev.weir.planner.physical;

import dev.weir.core.type.RowType;
import dev.weir.executor.plan.LimitSpec;
import dev.weir.executor.plan.RankSpec;
import dev.weir.executor.plan.SortOrder;
import dev.weir.executor.plan.TemporalSortSpec;
import dev.weir.planner.calcite.CalciteTypes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * {@code ORDER BY} and {@code LIMIT} on a stream, as Flink plans them:
 * <ul>
 *   <li>{@code ORDER BY rowtime ASC [, ...]} without LIMIT: a temporal sort ({@link TemporalSortSpec});
 *   <li>{@code ORDER BY ... LIMIT n [OFFSET m]}: a global Top-N, a {@link RankSpec} with no partition
 *       (an updating result; the retracting one over an updating input);
 *   <li>{@code LIMIT n [OFFSET m]} without ORDER BY: the first rows, a {@link LimitSpec} (insert-only).
 * </ul>
 * Any other ORDER BY is refused with Flink's reason.
 */
final class SortPlanning {
    private final PlanContext context;

    SortPlanning(PlanContext context) {
        this.context = Objects.requireNonNull(context, "context is null");
    }

    Fragment sort(Sort sort) {
        long offset = literal(sort.offset, "OFFSET");
        long fetch = sort.fetch == null ? -1 : literal(sort.fetch, "LIMIT / FETCH");
        List<RelFieldCollation> collations = sort.getCollation().getFieldCollations();
        Fragment f = context.translate(sort.getInput());
        if (fetch < 0) {
            if (offset > 0) {
                throw PhysicalPlanner.unsupported("OFFSET without LIMIT on a stream (it never ends); add LIMIT n or "
                        + "FETCH NEXT n ROWS ONLY");
            }
            if (collations.isEmpty()) {
                return f;
            }
            return temporalSort(sort, f, collations);
        }
        if (f.updatingNode != null && collations.isEmpty()) {
            throw PhysicalPlanner.unsupported("LIMIT without ORDER BY over an updating input (produced by "
                    + f.updatingNode + "); add an ORDER BY for a Top-N");
        }
        if (fetch == 0) {
            // LIMIT 0: no row ever qualifies.
            RexBuilder rex = sort.getCluster().getRexBuilder();
            f.addCalc(identity(f, sort), rex.makeLiteral(false), sort.getRowType());
            return f;
        }
        return topN(sort, f, collations, offset, fetch);
    }

    /** {@code ORDER BY rowtime ASC, k...}: the rows in time order as the watermark passes them. */
    private Fragment temporalSort(Sort sort, Fragment f, List<RelFieldCollation> collations) {
        RelFieldCollation first = collations.get(0);
        int firstColumn = column(f, sort, first.getFieldIndex());
        if (f.rowtime < 0 || firstColumn != f.rowtime
                || first.getDirection() != RelFieldCollation.Direction.ASCENDING) {
            String name = sort.getInput().getRowType().getFieldList().get(first.getFieldIndex()).getName();
            throw PhysicalPlanner.unsupported("ORDER BY " + name + (first.getDirection().isDescending() ? " DESC" : "")
                    + " without LIMIT: sort on a non-time-attribute field is not supported. On a stream, the first "
                    + "sort key must be a time attribute (a column with a WATERMARK) in ascending order"
                    + (f.rowtime < 0 ? "" : " (here: '" + f.type.field(f.rowtime).name() + "')")
                    + ", or add a LIMIT for a Top-N");
        }
        if (f.updatingNode != null) {
            throw PhysicalPlanner.unsupported("ORDER BY over an updating input (produced by " + f.updatingNode + ")");
        }
        SortOrder further = sortOrder(f, sort, collations.subList(1, collations.size()));
        RowType type = f.type;
        TemporalSortSpec draft = new TemporalSortSpec("draft", type, f.rowtime, further);
        int[] fieldMap = f.fieldMap;
        int rowtime = f.rowtime;
        f.add(new TemporalSortSpec(OperatorIds.derive("temporal-sort-", draft.describe(), f.lineage()), type,
                f.rowtime, further), type);
        // The output is the input, reordered: same layout, still insert-only, still with its time attribute.
        f.fieldMap = fieldMap;
        f.rowtime = rowtime;
        return f;
    }

    /**
     * A global Top-N (or, without ORDER BY, the first rows): a Rank over all rows with no partition;
     * with an OFFSET it outputs the rank and a Calc keeps the ranks after the offset.
     */
    private Fragment topN(Sort sort, Fragment f, List<RelFieldCollation> collations, long offset,
            long fetch) {
        int n = collations.size();
        SortOrder order = sortOrder(f, sort, collations);
        boolean outputRank = offset > 0;
        long limit = offset + fetch;
        int inputArity = f.type.arity();
        RowType outType = outputRank
                ? RankAndOverPlanning.withRankColumn(f.type, dev.weir.core.type.DataType.bigint().notNull()) : f.type;
        dev.weir.executor.plan.OperatorSpec spec;
        if (n == 0) {
            LimitSpec draft = new LimitSpec("draft", outType, offset, fetch);
            spec = new LimitSpec(OperatorIds.derive("limit-", draft.describe(), f.lineage()), outType, offset, fetch);
        } else {
            // Over an updating input (a GROUP BY's result): the retracting Top-N, as Flink.
            boolean updatingInput = f.updatingNode != null;
            RankSpec draft = new RankSpec("draft", outType, new int[0], order, limit, outputRank, updatingInput);
            spec = new RankSpec(OperatorIds.derive("rank-", draft.describe(), f.lineage()), outType, new int[0], order,
                    limit, outputRank, updatingInput);
        }
        int[] fieldMap = f.fieldMap;
        int rowtime = f.rowtime;
        List<RexNode> projections = identity(f, sort); // over the input's columns, which the Rank keeps in place
        f.add(spec, outType);
        f.fieldMap = fieldMap;
        if (n == 0) {
            // No order: a kept row is never replaced, so the first rows leave as inserts, with their time attribute.
            f.rowtime = rowtime;
        } else {
            f.updatingNode = spec.describe();
            f.rowtime = -1; // as for any updating result
        }
        if (outputRank) {
            RexBuilder rex = sort.getCluster().getRexBuilder();
            var rankType = CalciteTypes.toRelType(sort.getCluster().getTypeFactory(), outType.type(inputArity));
            RexNode afterOffset = rex.makeCall(SqlStdOperatorTable.GREATER_THAN,
                    new RexInputRef(inputArity, rankType), rex.makeExactLiteral(BigDecimal.valueOf(offset), rankType));
            f.fieldMap = null;
            f.addCalc(projections, afterOffset, sort.getRowType());
        }
        return f;
    }

    /** The Sort's input fields, as references into the fragment's current output. */
    private static List<RexNode> identity(Fragment f, Sort sort) {
        List<RexNode> refs = new ArrayList<>();
        var inputType = sort.getInput().getRowType();
        for (int i = 0; i < inputType.getFieldCount(); i++) {
            refs.add(f.remap(RexInputRef.of(i, inputType)));
        }
        return refs;
    }

    private static int column(Fragment f, Sort sort, int logicalField) {
        RexNode ref = f.remap(RexInputRef.of(logicalField, sort.getInput().getRowType()));
        return ((RexInputRef) ref).getIndex();
    }

    /** The collations as sort keys over the fragment's current output. */
    private static SortOrder sortOrder(Fragment f, Sort sort, List<RelFieldCollation> collations) {
        int n = collations.size();
        int[] indices = new int[n];
        boolean[] descending = new boolean[n];
        boolean[] nullsFirst = new boolean[n];
        for (int i = 0; i < n; i++) {
            RelFieldCollation c = collations.get(i);
            indices[i] = column(f, sort, c.getFieldIndex());
            descending[i] = c.getDirection().isDescending();
            nullsFirst[i] = nullsFirst(c);
        }
        return new SortOrder(indices, descending, nullsFirst);
    }

    /** Flink's default: NULLS FIRST ascending, NULLS LAST descending. */
    private static boolean nullsFirst(RelFieldCollation c) {
        var nulls = c.nullDirection;
        return nulls == RelFieldCollation.NullDirection.UNSPECIFIED ? !c.getDirection().isDescending()
                : nulls == RelFieldCollation.NullDirection.FIRST;
    }

    private static long literal(RexNode node, String clause) {
        if (node == null) {
            return 0;
        }
        if (!(node instanceof RexLiteral lit) || lit.getValueAs(BigDecimal.class) == null) {
            throw PhysicalPlanner.unsupported(clause + " with anything but a number literal (got " + node + ")");
        }
        BigDecimal value = lit.getValueAs(BigDecimal.class);
        if (value.signum() < 0) {
            throw new dev.weir.core.WeirException(clause + " must not be negative, got " + value + ".");
        }
        return value.longValueExact();
    }
}

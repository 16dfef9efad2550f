package dev.weir.planner.physical;

import static dev.weir.planner.physical.PhysicalPlanner.unsupported;

import dev.weir.core.WeirException;
import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.plan.DeduplicateSpec;
import dev.weir.executor.plan.JoinKeys;
import dev.weir.executor.plan.JoinType;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.executor.plan.TemporalJoinSpec;
import dev.weir.planner.catalog.CatalogTable;
import dev.weir.planner.expr.ExpressionCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;

/**
 * The event-time temporal join, {@code l JOIN v FOR SYSTEM_TIME AS OF l.rowtime ON l.k = v.k}, which
 * Calcite plans as a Correlate of the left input with a filter over a {@link Snapshot} of the
 * versioned table. Flink's rules apply: the versioned table has a primary key (declared, or the
 * key of a deduplication view keeping one row per key on its rowtime) and an event-time attribute;
 * the join is INNER or LEFT; {@code AS OF} names the left input's rowtime; the ON condition has
 * equalities on every primary key column. The join is keyed on all its equalities
 * ({@link TemporalJoinSpec}).
 */
final class TemporalJoinPlanning {
    private static final String AS_OF_TIME_ATTRIBUTE = "Temporal table join currently only supports"
            + " 'FOR SYSTEM_TIME AS OF' left table's time attribute field";

    private final PlanContext context;

    TemporalJoinPlanning(PlanContext context) {
        this.context = Objects.requireNonNull(context, "context is null");
    }

    /** Whether {@code correlate} is a temporal join: its right input reads a snapshot through filters. */
    static boolean isTemporalJoin(Correlate correlate) {
        return snapshotOf(correlate.getRight()) != null;
    }

    private static Snapshot snapshotOf(RelNode rel) {
        RelNode r = rel;
        while (r instanceof Calc || r instanceof Filter) {
            r = r.getInput(0);
        }
        return r instanceof Snapshot s ? s : null;
    }

    Fragment join(Correlate correlate) {
        JoinType type = switch (correlate.getJoinType()) {
            case INNER -> JoinType.INNER;
            case LEFT -> JoinType.LEFT;
            default -> throw new WeirException("Temporal table join currently only supports INNER JOIN and LEFT"
                    + " JOIN, not " + correlate.getJoinType() + ". Write the query as an INNER or LEFT JOIN.");
        };
        RelNode leftRel = correlate.getLeft();
        Snapshot snapshot = snapshotOf(correlate.getRight());
        RelNode versionedRel = snapshot.getInput();
        int leftCount = leftRel.getRowType().getFieldCount();
        int rightCount = versionedRel.getRowType().getFieldCount();
        RexBuilder rexBuilder = correlate.getCluster().getRexBuilder();
        int asOf = asOfField(snapshot.getPeriod(), correlate);
        RexNode condition = rightCondition(correlate, leftCount, rexBuilder);

        Fragment left = context.translateInOrder(leftRel);
        if (left.rowtime != asOf) {
            String name = leftRel.getRowType().getFieldNames().get(asOf);
            throw new WeirException(AS_OF_TIME_ATTRIBUTE + ": '" + name + "' is not the left input's rowtime"
                    + (left.rowtime >= 0 ? " (that is '" + left.type.field(left.rowtime).name() + "')"
                            : " (it has none)")
                    + ". Weir has no processing-time temporal join (Flink runs it only as a lookup join, and Weir"
                    + " has no lookup connector); join FOR SYSTEM_TIME AS OF the rowtime, a column with a"
                    + " WATERMARK.");
        }
        Fragment right = context.translateInOrder(versionedRel);
        String versionedName = tableName(versionedRel);
        Versioned versioned = versioned(versionedRel, right, versionedName);

        JoinConditions parts = JoinConditions.of(condition, leftCount, rightCount, -1, -1);
        List<Integer> rightKeyColumns = new ArrayList<>();
        for (RexNode k : parts.rightKeys()) {
            if (k instanceof RexInputRef ref) {
                rightKeyColumns.add(ref.getIndex());
            }
        }
        for (int pk : versioned.primaryKey()) {
            if (!rightKeyColumns.contains(pk)) {
                throw new WeirException(primaryKeyNotInJoinKey(versionedRel, versioned.primaryKey(), leftRel, parts));
            }
        }
        var typeFactory = correlate.getCluster().getTypeFactory();
        JoinKeys keys = new JoinKeys(left.columnsFor(parts.leftKeys(), typeFactory),
                right.columnsFor(parts.rightKeys(), typeFactory));
        int leftWidth = left.type.arity();
        // The left columns, then the versioned table's; an INNER or LEFT join pads only the right side.
        JoinOutput output = JoinOutput.of(correlate.getRowType(), leftCount, rightCount, left, right, type,
                parts.remaining(), rexBuilder, context.zone());
        RowType outType = output.type();
        ScalarExpression compiled = output.condition();
        String conditionText = output.conditionText();
        String lineage = "left:\n" + left.lineage() + "\nversioned:\n" + right.lineage();
        TemporalJoinSpec draft = new TemporalJoinSpec("draft", outType, type, leftWidth, keys, left.rowtime,
                versioned.rowtime(), compiled, conditionText);
        TemporalJoinSpec spec = new TemporalJoinSpec(OperatorIds.derive("temporal-join-", draft.describe(), lineage),
                outType, type, leftWidth, keys, left.rowtime, versioned.rowtime(), compiled, conditionText);
        int leftRowtime = left.rowtime;
        String updating = left.updatingNode;
        Fragment f = left.merge(List.of(left, right), spec, outType);
        f.fieldMap = output.fragmentFieldMap();
        // As in Flink: the left rows leave in event-time order of the watermark, so their rowtime stays one.
        f.rowtime = leftRowtime;
        // Insert-only when the left input is (Flink): right changes only select versions.
        f.updatingNode = updating;
        return f;
    }

    /** The left field that {@code FOR SYSTEM_TIME AS OF} names. */
    private static int asOfField(RexNode period, Correlate correlate) {
        if (period instanceof RexFieldAccess access && access.getReferenceExpr() instanceof RexCorrelVariable v
                && v.id.equals(correlate.getCorrelationId())) {
            return access.getField().getIndex();
        }
        throw new WeirException(AS_OF_TIME_ATTRIBUTE + ", not the expression " + period + ". A processing-time"
                + " temporal join (FOR SYSTEM_TIME AS OF a processing time) is a lookup join in Flink, and Weir has"
                + " no lookup connector; join FOR SYSTEM_TIME AS OF the left table's rowtime column instead.");
    }

    /**
     * The condition of the filters between the Correlate and the snapshot, over the left fields then
     * the versioned table's: correlated references become left fields.
     */
    private static RexNode rightCondition(Correlate correlate, int leftCount, RexBuilder rexBuilder) {
        List<RexNode> conjuncts = new ArrayList<>();
        RelNode r = correlate.getRight();
        while (!(r instanceof Snapshot)) {
            RexNode c;
            if (r instanceof Filter filter) {
                c = filter.getCondition();
            } else {
                Calc calc = (Calc) r;
                RexProgram program = calc.getProgram();
                if (!program.projectsOnlyIdentity()) {
                    throw unsupported("a temporal join whose versioned side computes columns; select the columns"
                            + " in the outer query instead");
                }
                c = program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
            }
            if (c != null) {
                conjuncts.add(c);
            }
            r = r.getInput(0);
        }
        RexNode condition = RexUtil.composeConjunction(rexBuilder, conjuncts);
        return condition.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(leftCount + ref.getIndex(), ref.getType());
            }

            @Override
            public RexNode visitFieldAccess(RexFieldAccess access) {
                if (access.getReferenceExpr() instanceof RexCorrelVariable v
                        && v.id.equals(correlate.getCorrelationId())) {
                    return new RexInputRef(access.getField().getIndex(), access.getType());
                }
                return super.visitFieldAccess(access);
            }
        });
    }

    /** The versioned table's primary key and rowtime columns, in {@code right}'s output. */
    private record Versioned(List<Integer> primaryKey, int rowtime) {
    }

    /**
     * Flink's versioned tables: a table with a PRIMARY KEY and a WATERMARK, or a view that keeps one
     * row per key on its rowtime (a deduplication), whose key and rowtime it passes through.
     */
    private Versioned versioned(RelNode versionedRel, Fragment right, String name) {
        List<Integer> primaryKey = new ArrayList<>();
        int rowtime = right.rowtime;
        DeduplicateSpec dedup = lastDeduplicate(right);
        if (dedup != null) {
            for (int k : dedup.keyIndices()) {
                int column = right.origins.indexOf(dedup.id() + "." + dedup.outputType().field(k).name());
                if (column < 0) {
                    primaryKey.clear();
                    break;
                }
                primaryKey.add(column);
            }
            rowtime = right.origins.indexOf(dedup.id() + "." + dedup.outputType().field(dedup.timeIndex()).name());
        } else if (versionedRel instanceof TableScan || right.ops.get(0) instanceof SourceSpec) {
            CatalogTable table = context.catalog().table(name).orElse(null);
            if (table != null) {
                List<String> names = versionedRel.getRowType().getFieldNames();
                for (String pk : table.primaryKey()) {
                    int column = names.indexOf(pk);
                    if (column < 0) {
                        primaryKey.clear();
                        break;
                    }
                    primaryKey.add(column);
                }
            }
        }
        if (primaryKey.isEmpty()) {
            throw new WeirException("Temporal Table Join requires primary key in versioned table, but no primary key"
                    + " can be found (versioned table '" + name + "'). Declare PRIMARY KEY (...) NOT ENFORCED on it,"
                    + " or join a view that keeps the last row per key: SELECT * FROM (SELECT *, ROW_NUMBER() OVER"
                    + " (PARTITION BY k ORDER BY rowtime DESC) AS rn FROM t) WHERE rn = 1.");
        }
        if (rowtime < 0) {
            throw new WeirException("Event-Time Temporal Table Join requires both primary key and row time attribute"
                    + " in versioned table, but no row time attribute can be found (versioned table '" + name
                    + "'). Declare a WATERMARK on its time column.");
        }
        return new Versioned(primaryKey, rowtime);
    }

    /** The deduplication whose rows {@code f} passes on through stateless operators, or null. */
    private static DeduplicateSpec lastDeduplicate(Fragment f) {
        for (int i = f.ops.size() - 1; i >= 0; i--) {
            OperatorSpec op = f.ops.get(i);
            if (op instanceof DeduplicateSpec d) {
                return d;
            }
            if (!(op instanceof dev.weir.executor.plan.CalcSpec)) {
                return null;
            }
        }
        return null;
    }

    private static String tableName(RelNode versionedRel) {
        List<String> names = versionedRel.getTable() != null ? versionedRel.getTable().getQualifiedName() : null;
        if (names == null) {
            for (RelNode r = versionedRel; names == null && !r.getInputs().isEmpty(); r = r.getInput(0)) {
                names = r.getInput(0).getTable() != null ? r.getInput(0).getTable().getQualifiedName() : null;
            }
        }
        return names == null ? "?" : names.get(names.size() - 1);
    }

    /** Flink's message when the ON equalities miss a primary key column. */
    private static String primaryKeyNotInJoinKey(RelNode versionedRel, List<Integer> primaryKey, RelNode leftRel,
            JoinConditions parts) {
        List<String> rightNames = versionedRel.getRowType().getFieldNames();
        List<String> leftNames = leftRel.getRowType().getFieldNames();
        List<String> pk = new ArrayList<>();
        for (int k : primaryKey) {
            pk.add(rightNames.get(k));
        }
        List<String> equalities = new ArrayList<>();
        for (int i = 0; i < parts.leftKeys().size(); i++) {
            equalities.add(describe(parts.leftKeys().get(i), leftNames) + "="
                    + describe(parts.rightKeys().get(i), rightNames));
        }
        if (equalities.isEmpty()) {
            return "Currently the join key in Temporal Table Join can not be empty: the ON condition needs an"
                    + " equality on the versioned table's primary key [" + String.join(",", pk) + "].";
        }
        return "Temporal table's primary key [" + String.join(",", pk) + "] must be included in the equivalence"
                + " condition of temporal join, but current temporal join condition is ["
                + String.join(",", equalities) + "]. Add an equality on each primary key column to the ON clause.";
    }

    private static String describe(RexNode e, List<String> names) {
        return e instanceof RexInputRef ref ? names.get(ref.getIndex()) : ExpressionCompiler.describe(e, names);
    }
}

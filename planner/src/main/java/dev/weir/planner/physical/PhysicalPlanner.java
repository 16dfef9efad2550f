package dev.weir.planner.physical;

import dev.weir.core.WeirException;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.plan.DeduplicateSpec;
import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.executor.plan.IntervalJoinSpec;
import dev.weir.executor.plan.JoinSpec;
import dev.weir.executor.plan.JoinType;
import dev.weir.executor.plan.UnionSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.OverAggregateSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.RankSpec;
import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.connector.TableContext;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.executor.plan.WatermarkAssignerSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.planner.expr.CurrentWatermark;
import dev.weir.executor.plan.WindowKind;
import dev.weir.planner.calcite.CalciteTypes;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogColumn;
import dev.weir.planner.catalog.CatalogTable;
import dev.weir.planner.catalog.TableExpressions;
import dev.weir.planner.expr.ExpressionCompiler;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Turns an optimised logical plan (TableScan, Calc, window TableFunctionScan + Aggregate,
 * Aggregate) into the executor's {@link PhysicalPlan}: a source, the table's computed columns and
 * watermark, the query's Calcs, window and group aggregations, and the sink. Anything else is rejected whole:
 * nothing is half-planned.
 */
public final class PhysicalPlanner {
    private final Catalog catalog;
    private final ZoneId zone;
    private final long stateTtlMillis;
    /**
     * {@code table.exec.emit.allow-lateness} for window aggregations (0 drops late rows); read only
     * when the plan has one, so that a refused emit option fails only the queries it applies to.
     */
    private final java.util.function.LongSupplier allowedLateness;
    /** Scan columns the plan being translated reads; set by {@link #plan} before translating. */
    private ImmutableBitSet usedScanColumns = ImmutableBitSet.of();
    /** LATE_ROWS: the window aggregation's input also carries its TVF input's columns ({@link LateRowsBranch}). */
    private boolean keepWindowInputColumns;
    /** How often the plan being translated has read each table so far; reset by {@link #plan}. */
    private final Map<String, Integer> scans = new java.util.HashMap<>();

    public PhysicalPlanner(Catalog catalog, ZoneId zone) {
        this(catalog, zone, 0);
    }

    /** @param stateTtlMillis {@code table.exec.state.ttl} for group aggregations; 0 keeps state forever */
    public PhysicalPlanner(Catalog catalog, ZoneId zone, long stateTtlMillis) {
        this(catalog, zone, stateTtlMillis, 0);
    }

    /**
     * @param stateTtlMillis        {@code table.exec.state.ttl} for group aggregations; 0 keeps state forever
     * @param allowedLatenessMillis {@code table.exec.emit.allow-lateness} for window aggregations; 0 drops late rows
     */
    public PhysicalPlanner(Catalog catalog, ZoneId zone, long stateTtlMillis, long allowedLatenessMillis) {
        this(catalog, zone, stateTtlMillis, () -> allowedLatenessMillis);
        if (allowedLatenessMillis < 0) {
            throw new IllegalArgumentException("allowed lateness must not be negative");
        }
    }

    /**
     * As above, with the allowed lateness read (and its options validated, which may throw a
     * {@link WeirException}) only when a window aggregation is planned.
     */
    public PhysicalPlanner(Catalog catalog, ZoneId zone, long stateTtlMillis,
            java.util.function.LongSupplier allowedLateness) {
        this.allowedLateness = Objects.requireNonNull(allowedLateness, "allowedLateness is null");
        this.catalog = Objects.requireNonNull(catalog, "catalog is null");
        this.zone = Objects.requireNonNull(zone, "zone is null");
        if (stateTtlMillis < 0) {
            throw new IllegalArgumentException("state TTL must not be negative");
        }
        this.stateTtlMillis = stateTtlMillis;
    }

    /** Plans the window aggregation so that its late rows carry their whole input row, for LATE_ROWS. */
    public PhysicalPlanner keepingWindowInputColumns() {
        keepWindowInputColumns = true;
        return this;
    }

    /**
     * Plans {@code optimized}, whose output columns already match the sink's columns in order
     * and (up to nullability) in type.
     */
    public PhysicalPlan plan(RelNode optimized, String jobName, String sinkTable, RowType sinkType,
            Map<String, String> sinkOptions) {
        usedScanColumns = keepWindowInputColumns ? LateRowsBranch.allScanColumns(optimized)
                : ScanColumnUsage.of(optimized);
        scans.clear();
        Fragment f = translate(optimized);
        f.finish(optimized.getRowType());
        String sinkId = "sink-" + sinkTable;
        f.add(new SinkSpec(sinkId, sinkTable, sinkType, sinkOptions), sinkType);
        return new PhysicalPlan(jobName, f.ops, f.inputs);
    }

    Fragment translate(RelNode rel) {
        if (rel instanceof TableScan scan) {
            return scan(scan);
        }
        if (rel instanceof Calc calc && RexOver.containsOver(calc.getProgram())) {
            // Calcite merges the outer WHERE rn = 1 into the Calc that computes ROW_NUMBER().
            return deduplicate(calc, calc.getInput(), null, expand(calc.getProgram()), condition(calc.getProgram()));
        }
        if (rel instanceof Calc calc && calc.getInput() instanceof Calc below
                && RexOver.containsOver(below.getProgram())) {
            return deduplicate(calc, below.getInput(), condition(below.getProgram()),
                    inline(expand(calc.getProgram()), expand(below.getProgram())),
                    inline(condition(calc.getProgram()), expand(below.getProgram())));
        }
        if (rel instanceof Calc calc && calc.getInput() instanceof Project p && RexOver.containsOver(p.getProjects(),
                null)) {
            return deduplicate(calc, p.getInput(), null, inline(expand(calc.getProgram()), p.getProjects()),
                    inline(condition(calc.getProgram()), p.getProjects()));
        }
        if (rel instanceof Project p && RexOver.containsOver(p.getProjects(), null)) {
            throw unsupported(OVER_SUPPORTED);
        }
        if (rel instanceof Calc calc) {
            Fragment in = translate(calc.getInput());
            RexProgram program = calc.getProgram();
            List<RexNode> projections = new ArrayList<>();
            for (var ref : program.getProjectList()) {
                projections.add(in.remap(program.expandLocalRef(ref)));
            }
            RexNode condition = program.getCondition() == null ? null
                    : in.remap(program.expandLocalRef(program.getCondition()));
            in.addCalc(projections, condition, calc.getRowType());
            return in;
        }
        if (rel instanceof Aggregate agg) {
            RelNode below = agg.getInput();
            RelNode tfs = below instanceof Calc c ? c.getInput() : below;
            return tfs instanceof TableFunctionScan ? windowAggregate(agg) : groupAggregate(agg);
        }
        if (rel instanceof TableFunctionScan tfs) {
            return new WindowPlanning(this, zone).tableFunction(tfs);
        }
        if (rel instanceof Join join) {
            return join(join);
        }
        if (rel instanceof Union union) {
            return union(union);
        }
        if (rel instanceof org.apache.calcite.rel.core.Sort sort) {
            return new SortPlanning(this).sort(sort);
        }
        throw unsupported(describeUnsupported(rel));
    }

    /**
     * A regular join ({@link JoinSpec}) or, when the condition bounds one input's rowtime by the
     * other's from both sides, an interval join ({@link IntervalJoinSpec}). Key expressions that
     * are not plain columns are computed by a Calc on their input first.
     */
    private Fragment join(Join join) {
        Fragment windowJoin = new WindowPlanning(this, zone).join(join);
        if (windowJoin != null) {
            return windowJoin;
        }
        JoinType type = switch (join.getJoinType()) {
            case INNER -> JoinType.INNER;
            case LEFT -> JoinType.LEFT;
            case RIGHT -> JoinType.RIGHT;
            case FULL -> JoinType.FULL;
            default -> throw unsupported("semi and anti joins (IN, EXISTS and NOT EXISTS subqueries)");
        };
        RelNode leftRel = join.getLeft();
        RelNode rightRel = join.getRight();
        int leftCount = leftRel.getRowType().getFieldCount();
        int rightCount = rightRel.getRowType().getFieldCount();
        Fragment left = translate(leftRel);
        left.finish(leftRel.getRowType());
        Fragment right = translate(rightRel);
        right.finish(rightRel.getRowType());
        JoinConditions parts = JoinConditions.of(join.getCondition(), leftCount, rightCount, left.rowtime,
                right.rowtime);
        boolean interval = parts.interval() != null;
        if (!interval && parts.leftKeys().isEmpty()
                && !SingleRowInputs.isSingleRow(leftRel) && !SingleRowInputs.isSingleRow(rightRel)) {
            throw unsupported("a join without an equality between columns of its two inputs (a cross join or a "
                    + "non-equi join); add an equality such as a.k = b.k, or bound both rowtimes for an interval join");
        }
        String updating = left.updatingNode != null ? left.updatingNode : right.updatingNode;
        if (interval && updating != null) {
            throw unsupported("an interval join over an updating input (produced by " + updating + "); interval "
                    + "joins need insert-only inputs with time attributes");
        }
        RelDataTypeFactory typeFactory = join.getCluster().getTypeFactory();
        int[] leftKeys = left.columnsFor(parts.leftKeys(), typeFactory);
        int[] rightKeys = right.columnsFor(parts.rightKeys(), typeFactory);
        int leftWidth = left.type.arity();

        // Output: the left input's physical columns, then the right's; the outer side's become nullable.
        RowType.Builder out = RowType.builder();
        List<RelDataTypeField> logical = join.getRowType().getFieldList();
        for (int i = 0; i < leftWidth; i++) {
            out.add(i < leftCount ? logical.get(i).getName() : left.type.field(i).name(),
                    left.type.type(i).nullable(left.type.type(i).isNullable() || type.isOuter(1)));
        }
        for (int i = 0; i < right.type.arity(); i++) {
            out.add(i < rightCount ? logical.get(leftCount + i).getName() : right.type.field(i).name(),
                    right.type.type(i).nullable(right.type.type(i).isNullable() || type.isOuter(0)));
        }
        RowType outType = out.build();
        int[] fieldMap = new int[leftCount + rightCount];
        for (int i = 0; i < fieldMap.length; i++) {
            fieldMap[i] = i < leftCount ? i : leftWidth + i - leftCount;
        }
        RexNode rest = parts.remaining().isEmpty() ? null : remap(
                RexUtil.composeConjunction(join.getCluster().getRexBuilder(), parts.remaining()), fieldMap);
        ScalarExpression condition = rest == null ? null : ExpressionCompiler.compile(rest, zone);
        String conditionText = rest == null ? null : ExpressionCompiler.describe(rest, outType.names());
        String lineage = "left:\n" + left.lineage() + "\nright:\n" + right.lineage();
        OperatorSpec spec;
        if (interval) {
            long lower = parts.interval()[0];
            long upper = parts.interval()[1];
            if (lower > upper) {
                throw new WeirException("The interval join condition can never be true: it needs "
                        + lower + " ms <= right time - left time <= " + upper + " ms.");
            }
            IntervalJoinSpec draft = new IntervalJoinSpec("draft", outType, type, leftWidth, leftKeys, rightKeys,
                    left.rowtime, right.rowtime, lower, upper, condition, conditionText);
            spec = new IntervalJoinSpec(OperatorIds.derive("interval-join-", draft.describe(), lineage), outType,
                    type, leftWidth, leftKeys, rightKeys, left.rowtime, right.rowtime, lower, upper, condition,
                    conditionText);
        } else {
            JoinSpec draft = new JoinSpec("draft", outType, type, leftWidth, leftKeys, rightKeys, condition,
                    conditionText);
            spec = new JoinSpec(OperatorIds.derive("join-", draft.describe(), lineage), outType, type, leftWidth,
                    leftKeys, rightKeys, condition, conditionText);
        }
        Fragment f = left.merge(List.of(left, right), spec, outType);
        f.fieldMap = isIdentity(fieldMap) && fieldMap.length == outType.arity() ? null : fieldMap;
        // Like Flink, a regular join's output has no time attribute: its rows are not in event-time order.
        f.rowtime = -1;
        f.updatingNode = updating != null ? updating : !interval && type != JoinType.INNER ? spec.describe() : null;
        return f;
    }

    /** UNION ALL: each input cast to the union's column types where they differ, then one {@link UnionSpec}. */
    private Fragment union(Union union) {
        if (!union.all) {
            throw unsupported("UNION without ALL (it removes duplicates); use UNION ALL, or SELECT DISTINCT over a "
                    + "UNION ALL");
        }
        RelDataType unionType = union.getRowType();
        var rexBuilder = union.getCluster().getRexBuilder();
        List<Fragment> parts = new ArrayList<>();
        int rowtime = -2;
        String updating = null;
        StringBuilder lineage = new StringBuilder();
        for (RelNode input : union.getInputs()) {
            Fragment part = translate(input);
            part.finish(input.getRowType());
            List<RexNode> casts = new ArrayList<>();
            boolean cast = false;
            for (int i = 0; i < unionType.getFieldCount(); i++) {
                RelDataType from = input.getRowType().getFieldList().get(i).getType();
                RelDataType to = unionType.getFieldList().get(i).getType();
                RexNode ref = new RexInputRef(i, from);
                if (from.getSqlTypeName() != to.getSqlTypeName() || from.getPrecision() != to.getPrecision()
                        || from.getScale() != to.getScale()) {
                    casts.add(rexBuilder.makeCast(to, ref, true, false));
                    cast = true;
                } else {
                    casts.add(ref);
                }
            }
            if (cast) {
                part.addCalc(casts, null, unionType);
            }
            rowtime = rowtime == -2 || rowtime == part.rowtime ? part.rowtime : -1;
            updating = updating != null ? updating : part.updatingNode;
            lineage.append("input:\n").append(part.lineage()).append('\n');
            parts.add(part);
        }
        RowType type = CalciteTypes.toRowType(unionType);
        UnionSpec draft = new UnionSpec("draft", type, parts.size());
        int position = 0;
        for (Fragment part : parts) {
            position += part.ops.size();
        }
        // Stateless: the id only has to be unique, so the position keeps two identical unions apart.
        UnionSpec spec = new UnionSpec(OperatorIds.derive("union-", draft.describe(), lineage + "#" + position),
                type, parts.size());
        Fragment f = parts.get(0).merge(parts, spec, type);
        f.rowtime = rowtime; // a time attribute stays one if every input has it in the same column
        f.updatingNode = updating;
        return f;
    }

    private static RexNode remap(RexNode e, int[] map) {
        return e.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(map[ref.getIndex()], ref.getType());
            }
        });
    }

    private static String describeUnsupported(RelNode rel) {
        String type = rel.getRelTypeName();
        if (type.contains("Join") || type.contains("Correlate")) {
            return "joins";
        }
        if (type.contains("Window")) {
            return "OVER windows";
        }
        if (type.contains("Sort")) {
            return "ORDER BY / LIMIT";
        }
        if (type.contains("Union") || type.contains("Intersect") || type.contains("Minus")) {
            return "set operations (UNION, INTERSECT, EXCEPT)";
        }
        if (type.contains("Values")) {
            return "VALUES and queries without a table";
        }
        return "the relational operator " + type;
    }

    /** Whether the source's connector emits updates and deletes (upsert-kafka, debezium-json). */
    public static boolean producesUpdates(SourceSpec source) {
        TableContext context = new TableContext(source.tableName(), source.outputType(), source.options(),
                dev.weir.core.config.Configuration.empty(), 0, 1, null);
        var factory = dev.weir.executor.connector.Connectors.discover().get(source.connector());
        return factory != null && factory.producesUpdates(context);
    }

    private Fragment scan(TableScan scan) {
        List<String> qualified = scan.getTable().getQualifiedName();
        String name = qualified.get(qualified.size() - 1);
        CatalogTable table = catalog.table(name).orElseThrow(() -> new WeirException(
                "Table '" + name + "' was dropped while planning; run the statement again."));
        Fragment f = new Fragment();
        RowType physical = table.sourceRowType(); // physical and metadata columns, as the connector reads them
        // A second read of the same table in one query (a self-join) gets its own ids: "t#2".
        int occurrence = scans.merge(name, 1, Integer::sum);
        String alias = occurrence == 1 ? name : name + "#" + occurrence;
        SourceSpec source = new SourceSpec("source-" + alias, name, physical, table.options());
        f.add(source, physical);
        if (producesUpdates(source)) {
            f.updatingNode = source.describe(); // an upsert or Debezium topic: a changelog from the start
        }
        if (table.hasComputedColumns()) {
            List<RexNode> computed = TableExpressions.computedColumns(table);
            List<RexNode> projections = new ArrayList<>();
            RowType full = table.rowType();
            int physicalIndex = 0;
            int computedIndex = 0;
            ImmutableBitSet needed = usedScanColumns.union(watermarkInputs(table));
            var rexBuilder = scan.getCluster().getRexBuilder();
            List<CatalogColumn> columns = table.columns();
            for (int i = 0; i < columns.size(); i++) {
                CatalogColumn c = columns.get(i);
                if (c.isComputed()) {
                    RexNode expr = computed.get(computedIndex++);
                    // an unread computed column costs nothing: a typed NULL keeps the row layout
                    projections.add(needed.get(i) ? expr : rexBuilder.makeNullLiteral(expr.getType()));
                } else {
                    RelDataType t = CalciteTypes.toRelType(scan.getCluster().getTypeFactory(), c.type());
                    projections.add(new RexInputRef(physicalIndex++, t));
                }
            }
            f.addCalc(projections, null, full);
            // A table column is itself, whether or not this query reads (and so computes) it.
            f.origins = tableColumns(alias, full);
        }
        if (table.watermarkColumn() != null) {
            RexNode wm = TableExpressions.watermark(table);
            RowType full = table.rowType();
            String text = ExpressionCompiler.describe(wm, full.names());
            ScalarExpression compiled = ExpressionCompiler.compile(wm, zone);
            WatermarkAssignerSpec draft = new WatermarkAssignerSpec("draft", full, table.rowtimeIndex(), compiled, text);
            f.add(new WatermarkAssignerSpec(OperatorIds.derive("watermark-", draft.describe(), f.lineage()), full,
                    table.rowtimeIndex(), compiled, text), full);
            f.origins = tableColumns(alias, full); // the assigner passes rows through unchanged
            f.rowtime = table.rowtimeIndex();
        }
        return f;
    }

    private static List<String> tableColumns(String table, RowType type) {
        List<String> names = new ArrayList<>(type.arity());
        for (String column : type.names()) {
            names.add(table + "." + column);
        }
        return names;
    }

    /** The rowtime column and whatever the WATERMARK expression reads: the assigner needs them. */
    private static ImmutableBitSet watermarkInputs(CatalogTable table) {
        if (table.watermarkColumn() == null) {
            return ImmutableBitSet.of();
        }
        return org.apache.calcite.plan.RelOptUtil.InputFinder.bits(TableExpressions.watermark(table))
                .union(ImmutableBitSet.of(table.rowtimeIndex()));
    }

    private Fragment windowAggregate(Aggregate agg) {
        RelNode below = agg.getInput();
        Calc mid = below instanceof Calc c ? c : null;
        RelNode tfsNode = mid != null ? mid.getInput() : below;
        TableFunctionScan tfs = (TableFunctionScan) tfsNode;
        boolean session = tfs.getCall() instanceof RexCall sc && sc.getOperator().getName().equalsIgnoreCase("SESSION");
        if (!(tfs.getCall() instanceof RexCall call) || (!session && WindowKindOf.of(call.getOperator().getName()) == null)
                || tfs.getInputs().size() != 1) {
            String op = tfs.getCall() instanceof RexCall rc ? rc.getOperator().getName() : "table function";
            throw unsupported("the window table function " + op + " (supported: TUMBLE, HOP, CUMULATE, SESSION)");
        }
        if (agg.getGroupType() != Aggregate.Group.SIMPLE) {
            throw unsupported("GROUPING SETS, ROLLUP and CUBE");
        }
        RelNode input = tfs.getInput(0);
        int n = input.getRowType().getFieldCount();
        Window window = session ? Window.session(call) : Window.of(call);
        String windowName = session ? "SESSION" : window.kind().name();
        // Over a TIMESTAMP_LTZ rowtime windows live on the session zone's wall clock, as in Flink.
        ZoneId windowZone = input.getRowType().getFieldList().get(window.timeIndex()).getType().getSqlTypeName()
                == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE ? zone : null;

        // What the aggregate reads, as expressions over the TFS output (input columns + window_start, window_end).
        List<RexNode> aggInput = new ArrayList<>();
        RexNode condition = null;
        if (mid != null) {
            RexProgram program = mid.getProgram();
            for (var ref : program.getProjectList()) {
                aggInput.add(program.expandLocalRef(ref));
            }
            if (program.getCondition() != null) {
                condition = program.expandLocalRef(program.getCondition());
            }
        } else {
            for (int i = 0; i < tfs.getRowType().getFieldCount(); i++) {
                aggInput.add(RexInputRef.of(i, tfs.getRowType()));
            }
        }
        if (condition != null && usesWindowColumns(condition, n)) {
            throw unsupported("a filter on window_start or window_end before the window aggregation");
        }

        Fragment f = translate(input);
        if (f.updatingNode != null) {
            throw unsupported("a " + windowName + " window aggregation over an updating input (produced by "
                    + f.updatingNode + "); window aggregations need an insert-only input with a time attribute");
        }
        List<RexNode> pre = new ArrayList<>();
        List<String> preNames = new ArrayList<>();
        RelDataType aggRowType = agg.getRowType();
        ImmutableBitSet groupSet = agg.getGroupSet();
        int groupCount = groupSet.cardinality();
        int[] aggToPhysical = new int[aggRowType.getFieldCount()];
        int windowStartAt = -1;
        int windowEndAt = -1;
        int windowTimeAt = -1;
        int position = 0;
        for (int g : groupSet) {
            RexNode e = aggInput.get(g);
            if (e instanceof RexInputRef ref && ref.getIndex() == n) {
                windowStartAt = position;
            } else if (e instanceof RexInputRef ref && ref.getIndex() == n + 1) {
                windowEndAt = position;
            } else if (e instanceof RexInputRef ref && ref.getIndex() == n + 2) {
                windowTimeAt = position;
            } else if (usesWindowColumns(e, n)) {
                throw unsupported("grouping by an expression over window_start, window_end or window_time");
            } else {
                aggToPhysical[position] = pre.size();
                pre.add(f.remap(e));
                preNames.add(aggRowType.getFieldList().get(position).getName());
            }
            position++;
        }
        if (windowStartAt < 0 || windowEndAt < 0) {
            throw unsupported("a window aggregation that does not GROUP BY both window_start and window_end");
        }
        int keyCount = pre.size();
        boolean windowTime = windowTimeAt >= 0;
        int windowColumns = windowTime ? 3 : 2;
        aggToPhysical[windowStartAt] = keyCount;
        aggToPhysical[windowEndAt] = keyCount + 1;
        if (windowTime) {
            aggToPhysical[windowTimeAt] = keyCount + 2;
        }

        List<dev.weir.executor.plan.AggregateCall> calls = new ArrayList<>();
        List<AggregateCall> aggCalls = agg.getAggCallList();
        for (int i = 0; i < aggCalls.size(); i++) {
            AggregateCall ac = aggCalls.get(i);
            AggregateFunctionKind kind = kindOf(ac);
            if (ac.getArgList().size() > 1) {
                throw unsupported(ac.getAggregation().getName() + " with more than one argument");
            }
            int argIndex = -1;
            if (ac.getArgList().size() == 1) {
                RexNode arg = aggInput.get(ac.getArgList().get(0));
                if (usesWindowColumns(arg, n)) {
                    throw unsupported("aggregating window_start, window_end or window_time");
                }
                argIndex = column(pre, preNames, f.remap(arg));
            }
            int filterIndex = -1;
            if (ac.filterArg >= 0) {
                RexNode filter = aggInput.get(ac.filterArg);
                if (usesWindowColumns(filter, n)) {
                    throw unsupported("a FILTER (WHERE ...) over window_start, window_end or window_time");
                }
                filterIndex = column(pre, preNames, f.remap(filter));
            }
            int aggField = groupCount + i;
            aggToPhysical[aggField] = keyCount + windowColumns + i;
            DataType resultType = CalciteTypes.toDataType(aggRowType.getFieldList().get(aggField).getType());
            calls.add(new dev.weir.executor.plan.AggregateCall(kind, argIndex, ac.isDistinct(), resultType,
                    aggRowType.getFieldList().get(aggField).getName(), filterIndex));
        }
        int timeIndex = pre.size();
        RexNode time = f.remap(new RexInputRef(window.timeIndex(), input.getRowType().getFieldList()
                .get(window.timeIndex()).getType()));
        if (!(time instanceof RexInputRef timeRef) || timeRef.getIndex() != f.rowtime) {
            // Catches what the SQL-level check cannot see, e.g. TUMBLE over a view or subquery.
            throw new WeirException("The window function " + windowName + " requires a time attribute column: column '"
                    + input.getRowType().getFieldList().get(window.timeIndex()).getName()
                    + "' is not a column with a WATERMARK (or is computed from one).");
        }
        pre.add(time);
        preNames.add(input.getRowType().getFieldList().get(window.timeIndex()).getName());
        int idFields = pre.size(); // the columns LATE_ROWS appends below leave the window's id alone
        if (keepWindowInputColumns) {
            LateRowsBranch.appendInputColumns(input, f::remap, pre, preNames);
        }
        RelDataType preType = rowType(agg, pre, preNames);
        f.addCalc(pre, condition == null ? null : f.remap(condition), preType);

        RowType.Builder out = RowType.builder();
        for (int k = 0; k < keyCount; k++) {
            out.add(preNames.get(k), f.type.type(k));
        }
        out.add("window_start", CalciteTypes.toDataType(aggRowType.getFieldList().get(windowStartAt).getType()));
        out.add("window_end", CalciteTypes.toDataType(aggRowType.getFieldList().get(windowEndAt).getType()));
        if (windowTime) {
            out.add("window_time", CalciteTypes.toDataType(aggRowType.getFieldList().get(windowTimeAt).getType()));
        }
        for (var c : calls) {
            out.add(c.name(), c.resultType());
        }
        int[] keys = new int[keyCount];
        for (int k = 0; k < keyCount; k++) {
            keys[k] = k;
        }
        RowType outType = out.build();
        long allowedLatenessMillis = allowedLateness.getAsLong();
        if (session) {
            SessionWindowAggregateSpec draft = new SessionWindowAggregateSpec("draft", outType, keys, timeIndex,
                    window.sizeMillis(), unnamed(calls), windowTime, 0, windowZone);
            SessionWindowAggregateSpec spec = new SessionWindowAggregateSpec(OperatorIds.derive("window-agg-",
                    draft.describe(), f.lineage(idFields)), outType, keys, timeIndex, window.sizeMillis(), calls,
                    windowTime,
                    allowedLatenessMillis, windowZone);
            f.add(spec, outType);
            if (spec.emitsUpdates()) {
                f.fieldMap = isIdentity(aggToPhysical) ? null : aggToPhysical;
                f.rowtime = -1;
                f.updatingNode = spec.describe();
                return f;
            }
        } else {
        // The id ignores the lateness: the state has the same layout, so changing it keeps the state.
        WindowAggregateSpec draft = new WindowAggregateSpec("draft", outType, keys, timeIndex, window.sizeMillis(),
                window.offsetMillis(), unnamed(calls), window.kind(), window.slideMillis(), windowTime, 0, windowZone);
        WindowAggregateSpec spec = new WindowAggregateSpec(OperatorIds.derive("window-agg-", draft.describe(),
                f.lineage(idFields)), outType, keys, timeIndex, window.sizeMillis(), window.offsetMillis(), calls,
                window.kind(), window.slideMillis(), windowTime, allowedLatenessMillis, windowZone);
        f.add(spec, outType);
        if (spec.emitsUpdates()) {
            // Late rows retract emitted results: an updating result, without a time attribute (as a GROUP BY).
            f.fieldMap = isIdentity(aggToPhysical) ? null : aggToPhysical;
            f.rowtime = -1;
            f.updatingNode = spec.describe();
            return f;
        }
        }
        f.fieldMap = isIdentity(aggToPhysical) ? null : aggToPhysical;
        // window_time is the output's rowtime attribute, so a window aggregation can feed another one.
        f.rowtime = windowTime ? keyCount + 2 : -1;
        return f;
    }

    /**
     * The calls named by position, for operator ids: an aggregate's alias (`COUNT(*) AS n`) names an
     * output column and says nothing about the state, so renaming it must keep the savepoint's state.
     */
    private static List<dev.weir.executor.plan.AggregateCall> unnamed(List<dev.weir.executor.plan.AggregateCall> calls) {
        List<dev.weir.executor.plan.AggregateCall> positional = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            dev.weir.executor.plan.AggregateCall c = calls.get(i);
            positional.add(new dev.weir.executor.plan.AggregateCall(c.function(), c.argIndex(), c.distinct(),
                    c.resultType(), "$" + i, c.filterIndex()));
        }
        return positional;
    }

    private static final String OVER_SUPPORTED = "OVER windows other than deduplication and Top-N (ROW_NUMBER() "
            + "OVER (PARTITION BY ... ORDER BY ...) filtered with rn = 1 or rn <= N in an outer query)";

    /**
     * {@code SELECT ... FROM (SELECT ..., ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts) AS rn FROM t)
     * WHERE rn = 1}: a Deduplicate keeping the first (ASC) or last (DESC) row per key on the
     * rowtime, then the outer Calc with {@code rn} replaced by 1.
     */
    private Fragment deduplicate(Calc calc, RelNode input, RexNode inputCondition, List<RexNode> projections,
            RexNode condition) {
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
        for (RexOver o : overs) {
            if (o.getOperator().getKind() != SqlKind.ROW_NUMBER) {
                return overAggregate(calc, input, inputCondition, projections, condition);
            }
        }
        RexOver over = overs.isEmpty() ? null : overs.get(0);
        for (RexOver o : overs) {
            if (!o.equals(over)) {
                throw unsupported("more than one OVER aggregate in a query");
            }
        }
        if (over == null || over.getOperator().getKind() != SqlKind.ROW_NUMBER) {
            throw unsupported(OVER_SUPPORTED);
        }
        long n = rowNumberBound(condition, over);
        if (n < 1) {
            throw unsupported("ROW_NUMBER() without a filter rn = N or rn <= N in the outer query ("
                    + OVER_SUPPORTED + ")");
        }
        var window = over.getWindow();
        if (window.orderKeys.isEmpty()) {
            throw unsupported("ROW_NUMBER() without ORDER BY");
        }
        WindowProperties rankWindow = WindowPlanning.rankWindow(input, over);
        if (rankWindow != null) {
            return new WindowPlanning(this, zone).rank(calc, input, inputCondition, projections, over, n, rankWindow);
        }
        Fragment f = translate(input);
        if (f.updatingNode != null) {
            throw unsupported("deduplication or Top-N over an updating input (produced by " + f.updatingNode + ")");
        }
        if (inputCondition != null) {
            // WHERE of the inner query: applies before ROW_NUMBER() numbers the rows.
            List<RexNode> identity = new ArrayList<>();
            for (int i = 0; i < input.getRowType().getFieldCount(); i++) {
                identity.add(f.remap(RexInputRef.of(i, input.getRowType())));
            }
            f.addCalc(identity, f.remap(inputCondition), input.getRowType());
        }
        int[] keys = new int[window.partitionKeys.size()];
        for (int i = 0; i < keys.length; i++) {
            RexNode key = f.remap(window.partitionKeys.get(i));
            if (!(key instanceof RexInputRef ref)) {
                throw unsupported("PARTITION BY an expression in ROW_NUMBER(); partition by columns");
            }
            keys[i] = ref.getIndex();
        }
        int[] orderIndices = new int[window.orderKeys.size()];
        boolean[] descending = new boolean[orderIndices.length];
        boolean[] nullsFirst = new boolean[orderIndices.length];
        for (int i = 0; i < orderIndices.length; i++) {
            var order = window.orderKeys.get(i);
            if (!(f.remap(order.getKey()) instanceof RexInputRef ref)) {
                throw unsupported("ORDER BY an expression in ROW_NUMBER(); order by columns");
            }
            orderIndices[i] = ref.getIndex();
            descending[i] = order.getDirection() == org.apache.calcite.rel.RelFieldCollation.Direction.DESCENDING;
            var nulls = order.getNullDirection();
            // Flink's default: NULLS FIRST ascending, NULLS LAST descending.
            nullsFirst[i] = nulls == org.apache.calcite.rel.RelFieldCollation.NullDirection.UNSPECIFIED
                    ? !descending[i] : nulls == org.apache.calcite.rel.RelFieldCollation.NullDirection.FIRST;
        }
        boolean rankReferenced = false;
        for (RexNode p : projections) {
            rankReferenced |= RexOver.containsOver(p);
        }
        int[] fieldMap = f.fieldMap;
        int inputArity = f.type.arity();
        RexNode rank;
        if (n == 1 && orderIndices.length == 1 && orderIndices[0] == f.rowtime) {
            DeduplicateSpec draft = new DeduplicateSpec("draft", f.type, keys, orderIndices[0], descending[0]);
            DeduplicateSpec spec = new DeduplicateSpec(OperatorIds.derive("dedup-", draft.describe(), f.lineage()),
                    f.type, keys, orderIndices[0], descending[0]);
            f.add(spec, f.type); // the output layout is the input's: the field map still holds
            f.updatingNode = spec.describe();
            rank = calc.getCluster().getRexBuilder().makeLiteral(1L, over.getType());
        } else {
            RowType outType = f.type;
            if (rankReferenced) {
                RowType.Builder b = RowType.builder();
                for (int i = 0; i < inputArity; i++) {
                    b.add(f.type.field(i).name(), f.type.type(i));
                }
                outType = b.add("w0$o0", CalciteTypes.toDataType(over.getType())).build();
            }
            RankSpec draft = new RankSpec("draft", outType, keys, orderIndices, descending, nullsFirst, n,
                    rankReferenced);
            RankSpec spec = new RankSpec(OperatorIds.derive("rank-", draft.describe(), f.lineage()), outType, keys,
                    orderIndices, descending, nullsFirst, n, rankReferenced);
            f.add(spec, outType);
            f.updatingNode = spec.describe();
            rank = new RexInputRef(inputArity, over.getType());
        }
        f.fieldMap = fieldMap;
        f.rowtime = -1; // as for any updating result

        RexNode rankValue = rank;
        RexShuttle rnIsOne = new RexShuttle() {
            @Override
            public RexNode visitOver(RexOver o) {
                return rankValue;
            }
        };
        List<RexNode> outer = new ArrayList<>();
        for (RexNode p : projections) {
            outer.add(f.remap(p).accept(rnIsOne));
        }
        f.addCalc(outer, null, calc.getRowType());
        return f;
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
        Fragment f = translate(input);
        if (f.updatingNode != null) {
            throw unsupported("OVER aggregation over an updating input (produced by " + f.updatingNode + ")");
        }
        if (inputCondition != null) {
            List<RexNode> identity = new ArrayList<>();
            for (int i = 0; i < input.getRowType().getFieldCount(); i++) {
                identity.add(f.remap(RexInputRef.of(i, input.getRowType())));
            }
            f.addCalc(identity, f.remap(inputCondition), input.getRowType());
        }
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
                window.preceding(), unnamed(window.calls()));
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

    private static List<RexNode> expand(RexProgram program) {
        List<RexNode> exprs = new ArrayList<>();
        for (var ref : program.getProjectList()) {
            exprs.add(program.expandLocalRef(ref));
        }
        return exprs;
    }

    private static RexNode condition(RexProgram program) {
        return program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
    }

    /** {@code e} over a projection's output rewritten over its input. */
    private static RexNode inline(RexNode e, List<RexNode> below) {
        if (e == null) {
            return null;
        }
        return e.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return below.get(ref.getIndex());
            }
        });
    }

    private static List<RexNode> inline(List<RexNode> exprs, List<RexNode> below) {
        List<RexNode> out = new ArrayList<>();
        for (RexNode e : exprs) {
            out.add(inline(e, below));
        }
        return out;
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

    /** The index of {@code e} among the pre-aggregation columns, appending it when new. */
    private static int column(List<RexNode> pre, List<String> names, RexNode e) {
        int index = pre.indexOf(e);
        if (index < 0) {
            index = pre.size();
            pre.add(e);
            names.add("$f" + index);
        }
        return index;
    }

    /**
     * Non-windowed GROUP BY: a Calc computing the keys, arguments and FILTER columns, then a
     * GroupAggregate whose output (keys, then aggregates) is the Aggregate's row type. Its result
     * is an updating changelog; its input may be one too (it then retracts -U/-D rows).
     */
    private Fragment groupAggregate(Aggregate agg) {
        if (agg.getGroupType() != Aggregate.Group.SIMPLE) {
            throw unsupported("GROUPING SETS, ROLLUP and CUBE");
        }
        Fragment f = translate(agg.getInput());
        // Over an updating input (another GROUP BY, an outer join, an upsert or Debezium source) the
        // operator retracts -U/-D rows. Every such input sends -U before +U (an upsert source remembers
        // the last row per key, as Flink's ChangelogNormalize), so no normalisation is needed here.
        boolean updatingInput = f.updatingNode != null;
        RelDataType inputType = agg.getInput().getRowType();
        RelDataType aggRowType = agg.getRowType();
        List<RexNode> pre = new ArrayList<>();
        List<String> preNames = new ArrayList<>();
        int position = 0;
        for (int g : agg.getGroupSet()) {
            pre.add(f.remap(RexInputRef.of(g, inputType)));
            preNames.add(aggRowType.getFieldList().get(position++).getName());
        }
        int keyCount = pre.size();
        List<dev.weir.executor.plan.AggregateCall> calls = new ArrayList<>();
        List<AggregateCall> aggCalls = agg.getAggCallList();
        for (int i = 0; i < aggCalls.size(); i++) {
            AggregateCall ac = aggCalls.get(i);
            AggregateFunctionKind kind = kindOf(ac);
            if (ac.getArgList().size() > 1) {
                throw unsupported(ac.getAggregation().getName() + " with more than one argument");
            }
            int argIndex = ac.getArgList().size() == 1
                    ? column(pre, preNames, f.remap(RexInputRef.of(ac.getArgList().get(0), inputType))) : -1;
            int filterIndex = ac.filterArg >= 0 ? column(pre, preNames, f.remap(RexInputRef.of(ac.filterArg,
                    inputType))) : -1;
            RelDataTypeField field = aggRowType.getFieldList().get(keyCount + i);
            calls.add(new dev.weir.executor.plan.AggregateCall(kind, argIndex, ac.isDistinct(),
                    CalciteTypes.toDataType(field.getType()), field.getName(), filterIndex));
        }
        if (!isIdentityProjection(pre, f.type.arity())) {
            f.addCalc(pre, null, rowType(agg, pre, preNames));
        }
        RowType outType = CalciteTypes.toRowType(aggRowType);
        int[] keys = new int[keyCount];
        for (int k = 0; k < keyCount; k++) {
            keys[k] = k;
        }
        GroupAggregateSpec draft = new GroupAggregateSpec("draft", outType, keys, unnamed(calls), stateTtlMillis,
                updatingInput);
        GroupAggregateSpec spec = new GroupAggregateSpec(OperatorIds.derive("group-agg-", draft.describe(),
                f.lineage()), outType, keys, calls, stateTtlMillis, updatingInput);
        f.add(spec, outType);
        f.fieldMap = null;
        f.rowtime = -1; // as in Flink, an updating result has no time attribute
        f.updatingNode = spec.describe();
        return f;
    }

    private static boolean isIdentityProjection(List<RexNode> exprs, int inputArity) {
        if (exprs.size() != inputArity) {
            return false;
        }
        for (int i = 0; i < exprs.size(); i++) {
            if (!(exprs.get(i) instanceof RexInputRef ref) || ref.getIndex() != i) {
                return false;
            }
        }
        return true;
    }

    private static RelDataType rowType(RelNode context, List<RexNode> exprs, List<String> names) {
        var builder = context.getCluster().getTypeFactory().builder();
        for (int i = 0; i < exprs.size(); i++) {
            builder.add(names.get(i), exprs.get(i).getType());
        }
        return builder.uniquify().build();
    }

    private static boolean isIdentity(int[] map) {
        for (int i = 0; i < map.length; i++) {
            if (map[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static AggregateFunctionKind kindOf(AggregateCall call) {
        return switch (call.getAggregation().getKind()) {
            case COUNT -> AggregateFunctionKind.COUNT;
            case SUM -> AggregateFunctionKind.SUM;
            case MIN -> AggregateFunctionKind.MIN;
            case MAX -> AggregateFunctionKind.MAX;
            case AVG -> AggregateFunctionKind.AVG;
            default -> throw unsupported("the aggregate function " + call.getAggregation().getName()
                    + " (supported: COUNT, SUM, MIN, MAX, AVG)");
        };
    }

    private static boolean usesWindowColumns(RexNode e, int n) {
        boolean[] found = {false};
        e.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                if (ref.getIndex() >= n) {
                    found[0] = true;
                }
                return ref;
            }
        });
        return found[0];
    }

    static WeirException unsupported(String what) {
        return new WeirException("Not supported yet: " + what + "; see README 'Supported SQL'.");
    }

    /** The window function a TableFunctionScan calls, by name; null for other table functions. */
    static final class WindowKindOf {
        static WindowKind of(String name) {
            return switch (name.toUpperCase(java.util.Locale.ROOT)) {
                case "TUMBLE" -> WindowKind.TUMBLE;
                case "HOP" -> WindowKind.HOP;
                case "CUMULATE" -> WindowKind.CUMULATE;
                default -> null;
            };
        }
    }

    /**
     * A window function's arguments, read from the TableFunctionScan's call, in Flink's order:
     * TUMBLE(size [, offset]), HOP(slide, size [, offset]), CUMULATE(step, size [, offset]).
     */
    record Window(WindowKind kind, int timeIndex, long sizeMillis, long slideMillis, long offsetMillis) {
        /** {@code SESSION(DESCRIPTOR(ts), gap)}: the gap in {@code sizeMillis}; kind is unused (null). */
        static Window session(RexCall call) {
            int time = -1;
            long gap = -1;
            for (RexNode operand : call.getOperands()) {
                if (operand instanceof RexCall c && c.getKind() == SqlKind.DESCRIPTOR) {
                    if (c.getOperands().size() != 1 || !(c.getOperands().get(0) instanceof RexInputRef ref)) {
                        throw unsupported("DESCRIPTOR with more than one column in SESSION");
                    }
                    time = ref.getIndex();
                } else if (operand instanceof RexLiteral literal
                        && org.apache.calcite.sql.type.SqlTypeUtil.isInterval(literal.getType())
                        && literal.getValueAs(BigDecimal.class) != null) {
                    gap = literal.getValueAs(BigDecimal.class).longValueExact();
                } else if (!(operand instanceof RexInputRef)) {
                    throw unsupported("SESSION arguments other than a constant interval: " + operand);
                }
            }
            if (time < 0 || gap < 0) {
                throw new WeirException("SESSION needs a DESCRIPTOR(time column) and a gap interval, got " + call);
            }
            if (gap == 0) {
                throw new WeirException("SESSION window gap must be positive, got 0 ms.");
            }
            return new Window(null, time, gap, gap, 0);
        }

        static Window of(RexCall call) {
            WindowKind kind = WindowKindOf.of(call.getOperator().getName());
            String name = kind.name();
            int time = -1;
            List<Long> intervals = new ArrayList<>();
            for (RexNode operand : call.getOperands()) {
                if (operand instanceof RexCall c && c.getKind() == SqlKind.DESCRIPTOR) {
                    if (c.getOperands().size() != 1 || !(c.getOperands().get(0) instanceof RexInputRef ref)) {
                        throw unsupported("DESCRIPTOR with more than one column in " + name);
                    }
                    time = ref.getIndex();
                } else if (operand instanceof RexLiteral literal
                        && literal.getType().getSqlTypeName().getFamily() != null
                        && literal.getValueAs(BigDecimal.class) != null
                        && org.apache.calcite.sql.type.SqlTypeUtil.isInterval(literal.getType())) {
                    intervals.add(literal.getValueAs(BigDecimal.class).longValueExact());
                } else if (!(operand instanceof RexInputRef)) {
                    throw unsupported(name + " arguments other than constant intervals: " + operand);
                }
            }
            int sizes = kind == WindowKind.TUMBLE ? 1 : 2;
            if (time < 0 || intervals.size() < sizes) {
                throw new WeirException(name + " needs a DESCRIPTOR(time column) and " + (sizes == 1 ? "a size"
                        : kind == WindowKind.HOP ? "a slide and a size" : "a step and a size")
                        + " interval, got " + call);
            }
            long first = intervals.get(0);
            long size = intervals.get(sizes - 1);
            long offset = intervals.size() > sizes ? intervals.get(sizes) : 0L;
            for (long v : List.of(first, size)) {
                if (v <= 0) {
                    throw new WeirException(name + " window " + (v == size ? "size" : kind == WindowKind.HOP ? "slide"
                            : "step") + " must be positive, got " + v + " ms.");
                }
            }
            if (kind == WindowKind.CUMULATE && size % first != 0) {
                throw new WeirException("CUMULATE window size (" + size + " ms) must be an integral multiple of its "
                        + "step (" + first + " ms). Change the step or the size.");
            }
            return new Window(kind, time, size, kind == WindowKind.TUMBLE ? size : first, offset);
        }
    }

    /** The operators planned so far for one input, and how the logical fields map onto their output. */
    final class Fragment {
        final List<OperatorSpec> ops = new ArrayList<>();
        /** Per operator of {@link #ops}: the indices of the operators feeding it (none for a source). */
        final List<List<Integer>> inputs = new ArrayList<>();
        RowType type;
        /** Index of the rowtime attribute (a column with a WATERMARK) in {@link #type}, or -1. */
        int rowtime = -1;
        /** The operator whose output is an updating changelog (describe()), or null for insert-only. */
        String updatingNode;
        /** logical field index → index in {@link #type}; null when they coincide. */
        int[] fieldMap;

        /**
         * What each field of {@link #type} is, in terms of the source table: a table column's
         * qualified name, an expression over those, or {@code <operator id>.<field>} for a field a
         * stateful operator computes. Operator ids hash this instead of the upstream operators'
         * text, so editing a projection elsewhere in the query does not change them.
         */
        List<String> origins = List.of();
        /** The filters applied so far, over {@link #origins}. */
        final List<String> filters = new ArrayList<>();

        /**
         * A fragment made of {@code parts}' operators followed by {@code op}, which reads the last
         * operator of each part, in order.
         */
        Fragment merge(List<Fragment> parts, OperatorSpec op, RowType outputType) {
            Fragment f = new Fragment();
            List<Integer> tails = new ArrayList<>();
            for (Fragment part : parts) {
                int base = f.ops.size();
                f.ops.addAll(part.ops);
                for (List<Integer> in : part.inputs) {
                    List<Integer> shifted = new ArrayList<>(in.size());
                    for (int i : in) {
                        shifted.add(base + i);
                    }
                    f.inputs.add(shifted);
                }
                tails.add(f.ops.size() - 1);
            }
            f.ops.add(op);
            f.inputs.add(tails);
            f.setOutput(op, outputType);
            return f;
        }

        /**
         * The columns holding {@code expressions} (over this fragment's logical fields): the columns
         * themselves for plain column references; otherwise a Calc first appends the computed values.
         */
        int[] columnsFor(List<RexNode> expressions, RelDataTypeFactory typeFactory) {
            int[] columns = new int[expressions.size()];
            List<RexNode> computed = new ArrayList<>();
            int width = type.arity();
            for (int i = 0; i < columns.length; i++) {
                RexNode e = remap(expressions.get(i));
                if (e instanceof RexInputRef ref) {
                    columns[i] = ref.getIndex();
                } else {
                    columns[i] = width + computed.size();
                    computed.add(e);
                }
            }
            if (!computed.isEmpty()) {
                List<RexNode> projections = new ArrayList<>();
                RowType.Builder out = RowType.builder();
                for (int i = 0; i < width; i++) {
                    projections.add(new RexInputRef(i, CalciteTypes.toRelType(typeFactory, type.type(i))));
                    out.add(type.field(i).name(), type.type(i));
                }
                for (int k = 0; k < computed.size(); k++) {
                    projections.add(computed.get(k));
                    out.add("$key" + k, CalciteTypes.toDataType(computed.get(k).getType()));
                }
                addCalc(projections, null, out.build());
            }
            return columns;
        }

        void add(OperatorSpec op, RowType outputType) {
            inputs.add(ops.isEmpty() ? List.of() : List.of(ops.size() - 1));
            ops.add(op);
            setOutput(op, outputType);
        }

        private void setOutput(OperatorSpec op, RowType outputType) {
            type = outputType;
            List<String> named = new ArrayList<>(outputType.arity());
            String qualifier = op instanceof SourceSpec source ? source.id().substring("source-".length()) : op.id();
            for (String name : outputType.names()) {
                named.add(qualifier + "." + name);
            }
            origins = named;
        }

        /** The input of the next operator, over the source table's columns: what its id derives from. */
        String lineage() {
            return lineage(origins.size());
        }

        /** The lineage of the first {@code fields} fields only. */
        String lineage(int fields) {
            StringBuilder sb = new StringBuilder("fields: ");
            sb.append(String.join(", ", origins.subList(0, fields)));
            for (String filter : filters) {
                sb.append("\nfilter: ").append(filter);
            }
            return sb.toString();
        }

        RexNode remap(RexNode e) {
            if (fieldMap == null) {
                return e;
            }
            int[] map = fieldMap;
            return e.accept(new RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                    return new RexInputRef(map[ref.getIndex()], ref.getType());
                }
            });
        }

        /** Appends a Calc whose expressions are already over this fragment's physical output. */
        void addCalc(List<RexNode> projections, RexNode condition, RelDataType outputRelType) {
            addCalc(projections, condition, CalciteTypes.toRowType(outputRelType));
        }

        void addCalc(List<RexNode> projections, RexNode condition, RowType outputType) {
            List<String> inputNames = type.names();
            List<ScalarExpression> compiled = new ArrayList<>(projections.size());
            List<String> texts = new ArrayList<>(projections.size());
            // CURRENT_WATERMARK(rowtime) reads one extra field that the Calc operator appends.
            boolean readsWatermark = CurrentWatermark.usedIn(projections, condition);
            int arity = type.arity();
            for (RexNode p : projections) {
                compiled.add(ExpressionCompiler.compile(readsWatermark ? CurrentWatermark.rewrite(p, rowtime, arity,
                        inputNames) : p, zone));
                texts.add(ExpressionCompiler.describe(p, inputNames));
            }
            ScalarExpression cond = condition == null ? null : ExpressionCompiler.compile(readsWatermark
                    ? CurrentWatermark.rewrite(condition, rowtime, arity, inputNames) : condition, zone);
            String condText = condition == null ? null : ExpressionCompiler.describe(condition, inputNames);
            int newRowtime = -1;
            for (int i = 0; i < projections.size() && rowtime >= 0; i++) {
                if (projections.get(i) instanceof RexInputRef ref && ref.getIndex() == rowtime) {
                    newRowtime = i;
                    break;
                }
            }
            List<String> newOrigins = new ArrayList<>(projections.size());
            for (RexNode p : projections) {
                newOrigins.add(ExpressionCompiler.describe(p, origins));
            }
            if (condition != null) {
                filters.add(ExpressionCompiler.describe(condition, origins));
            }
            CalcSpec draft = new CalcSpec("draft", outputType, compiled, texts, cond, condText);
            // The position keeps two identical Calcs apart; Calcs hold no state, so it costs nothing.
            add(new CalcSpec(OperatorIds.derive("calc-", draft.describe(), lineage() + "\n#" + ops.size()),
                    outputType, compiled, texts, cond, condText, readsWatermark), outputType);
            origins = newOrigins;
            fieldMap = null;
            rowtime = newRowtime;
        }

        /** Adds the reordering Calc still owed when the last operator's columns are not in logical order. */
        void finish(RelDataType logicalType) {
            if (fieldMap == null) {
                return;
            }
            List<RexNode> refs = new ArrayList<>();
            for (int i = 0; i < logicalType.getFieldCount(); i++) {
                refs.add(RexInputRef.of(i, logicalType));
            }
            List<RexNode> remapped = new ArrayList<>();
            for (RexNode r : refs) {
                remapped.add(remap(r));
            }
            addCalc(remapped, null, logicalType);
        }
    }
}

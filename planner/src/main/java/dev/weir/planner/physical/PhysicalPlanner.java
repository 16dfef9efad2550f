package dev.weir.planner.physical;

import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.RowType;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.TableContext;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.planner.catalog.Catalog;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexProgram;

/**
 * Turns an optimised logical plan (TableScan, Calc, window TableFunctionScan + Aggregate,
 * Aggregate) into the executor's {@link PhysicalPlan}: a source, the table's computed columns and
 * watermark, the query's Calcs, window and group aggregations, and the sink. Anything else is rejected whole:
 * nothing is half-planned.
 *
 * <p>This class holds the settings and dispatches each relational operator to the translator of
 * its kind ({@link ScanPlanning}, {@link JoinPlanning}, {@link WindowAggregatePlanning},
 * {@link GroupAggregatePlanning}, {@link RankAndOverPlanning}, {@link WindowPlanning},
 * {@link SortPlanning}), which plan their inputs through the same dispatch ({@link PlanContext}).
 */
public final class PhysicalPlanner {
    private final Catalog catalog;
    private final ZoneId zone;
    private final long stateTtlMillis;
    /**
     * {@code table.exec.emit.allow-lateness} for window aggregations (0 drops late rows); read only
     * when the plan has one, so that a refused emit option fails only the queries it applies to.
     */
    private final LongSupplier allowedLateness;
    /** LATE_ROWS: the window aggregation's input also carries its TVF input's columns ({@link LateRowsBranch}). */
    private boolean keepWindowInputColumns;
    /** The tables of the query's BROADCAST hints. */
    private Set<String> broadcastTables = Set.of();
    /** What the translators of the plan being translated share; set by {@link #plan} before translating. */
    private PlanContext context;

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
            LongSupplier allowedLateness) {
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

    /** Plans the joins reading one of {@code tables} directly with that input broadcast, where possible. */
    public PhysicalPlanner broadcasting(Set<String> tables) {
        broadcastTables = Set.copyOf(tables);
        return this;
    }

    /**
     * Plans {@code optimized}, whose output columns already match the sink's columns in order
     * and (up to nullability) in type.
     */
    public PhysicalPlan plan(RelNode optimized, String jobName, String sinkTable, RowType sinkType,
            Map<String, String> sinkOptions) {
        context = new PlanContext(this::translate, catalog, zone, stateTtlMillis, allowedLateness,
                keepWindowInputColumns, keepWindowInputColumns ? LateRowsBranch.allScanColumns(optimized)
                        : ScanColumnUsage.of(optimized), broadcastTables);
        Fragment f = translate(optimized);
        f.finish(optimized.getRowType());
        String sinkId = "sink-" + sinkTable;
        f.add(new SinkSpec(sinkId, sinkTable, sinkType, sinkOptions), sinkType);
        return new PhysicalPlan(jobName, f.ops, f.inputs);
    }

    /** The operators computing {@code rel}: the dispatch to the translator of its kind. */
    Fragment translate(RelNode rel) {
        if (rel instanceof TableScan scan) {
            return new ScanPlanning(context).scan(scan);
        }
        if (rel instanceof Calc calc && RexOver.containsOver(calc.getProgram())) {
            // Calcite merges the outer WHERE rn = 1 into the Calc that computes ROW_NUMBER().
            return rankAndOver().rankOrOver(calc, calc.getInput(), null, RexPrograms.expand(calc.getProgram()),
                    RexPrograms.condition(calc.getProgram()));
        }
        if (rel instanceof Calc calc && calc.getInput() instanceof Calc below
                && RexOver.containsOver(below.getProgram())) {
            return rankAndOver().rankOrOver(calc, below.getInput(), RexPrograms.condition(below.getProgram()),
                    RexPrograms.inline(RexPrograms.expand(calc.getProgram()), RexPrograms.expand(below.getProgram())),
                    RexPrograms.inline(RexPrograms.condition(calc.getProgram()),
                            RexPrograms.expand(below.getProgram())));
        }
        if (rel instanceof Calc calc && calc.getInput() instanceof Project p && RexOver.containsOver(p.getProjects(),
                null)) {
            return rankAndOver().rankOrOver(calc, p.getInput(), null,
                    RexPrograms.inline(RexPrograms.expand(calc.getProgram()), p.getProjects()),
                    RexPrograms.inline(RexPrograms.condition(calc.getProgram()), p.getProjects()));
        }
        if (rel instanceof Project p && RexOver.containsOver(p.getProjects(), null)) {
            throw unsupported(RankAndOverPlanning.OVER_SUPPORTED);
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
            return tfs instanceof TableFunctionScan ? new WindowAggregatePlanning(context).windowAggregate(agg)
                    : new GroupAggregatePlanning(context).groupAggregate(agg);
        }
        if (rel instanceof TableFunctionScan tfs) {
            return new WindowPlanning(context).tableFunction(tfs);
        }
        if (rel instanceof Join join) {
            return new JoinPlanning(context).join(join);
        }
        if (rel instanceof Union union) {
            return new JoinPlanning(context).union(union);
        }
        if (rel instanceof Sort sort) {
            return new SortPlanning(context).sort(sort);
        }
        if (rel instanceof ReplicateRows replicate) {
            return SetOperationsAll.translate(replicate, context);
        }
        if (rel instanceof org.apache.calcite.rel.core.Correlate correlate
                && TemporalJoinPlanning.isTemporalJoin(correlate)) {
            return new TemporalJoinPlanning(context).join(correlate);
        }
        if (rel instanceof org.apache.calcite.rel.core.Correlate correlate && UnnestPlanning.matches(correlate)) {
            return new UnnestPlanning(context).unnest(correlate);
        }
        throw unsupported(describeUnsupported(rel));
    }

    private RankAndOverPlanning rankAndOver() {
        return new RankAndOverPlanning(context);
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
        TableContext table = new TableContext(source.tableName(), source.outputType(), source.options(),
                Configuration.empty(), 0, 1, null);
        var factory = Connectors.discover().get(source.connector());
        return factory != null && factory.producesUpdates(table);
    }

    /** The error for a query shape Weir does not plan (yet); {@code what} names it. */
    static WeirException unsupported(String what) {
        return new WeirException("Not supported yet: " + what + "; see README 'Supported SQL'.");
    }
}

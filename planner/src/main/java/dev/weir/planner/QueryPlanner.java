package dev.weir.planner;

import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.RowType;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.TableContext;
import dev.weir.core.config.Durations;
import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.parser.SqlException;
import dev.weir.parser.SqlText;
import dev.weir.planner.calcite.CalciteTypes;
import dev.weir.planner.calcite.SqlFrontend;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogTable;
import dev.weir.planner.physical.LogicalOptimizer;
import dev.weir.planner.physical.PhysicalPlanner;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;

/**
 * Plans one query into a job: Calcite validation, the supported-SQL checks, conversion to the
 * sink's columns, the logical rewrite and the physical plan. Keeps all three stages for EXPLAIN.
 */
final class QueryPlanner {
    static final String COLLECT_SINK = "collect";
    static final String STATE_TTL = "table.exec.state.ttl";

    private final Catalog catalog;
    private final Configuration config;

    /** The three stages of one planned statement. */
    record Planned(String sinkLine, RelNode logical, RelNode optimized, PhysicalPlan plan) {
        String explain() {
            return explain(Configuration.empty());
        }

        /** EXPLAIN, with each operator's parallelism where {@code config}'s default or a table's own differs. */
        String explain(Configuration config) {
            return "== Abstract Syntax Tree ==\n" + sinkLine + "\n" + indented(RelOptUtil.toString(logical))
                    + "\n== Optimized Logical Plan ==\n" + sinkLine + "\n" + indented(RelOptUtil.toString(optimized))
                    + "\n== Physical Plan ==\n" + plan.explain(
                            dev.weir.executor.runtime.TableParallelism.check(plan, config));
        }

        /** Calcite's two-space indentation turned into the {@code +- } tree the physical plan uses. */
        static String indented(String calcitePlan) {
            StringBuilder sb = new StringBuilder();
            for (String line : calcitePlan.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                int spaces = 0;
                while (spaces < line.length() && line.charAt(spaces) == ' ') {
                    spaces++;
                }
                sb.append("  ".repeat(spaces / 2)).append("+- ").append(line.substring(spaces)).append('\n');
            }
            return sb.toString();
        }
    }

    QueryPlanner(Catalog catalog, Configuration config) {
        this.catalog = Objects.requireNonNull(catalog, "catalog is null");
        this.config = Objects.requireNonNull(config, "config is null");
    }

    /** {@code INSERT INTO sink [(columns)] query}. */
    Planned planInsert(CatalogTable sink, List<String> targetColumns, SqlText query) {
        return plan(query, sink.name(), sink.physicalRowType(), sink.options(), targetColumns, sink);
    }

    /** A bare query, written to the {@code collect} print sink. */
    Planned planQuery(SqlText query) {
        return plan(query, COLLECT_SINK, null, Map.of("connector", "print"), List.of(), null);
    }

    private Planned plan(SqlText query, String sinkName, RowType sinkType, Map<String, String> sinkOptions,
            List<String> targetColumns, CatalogTable sinkTable) {
        SqlFrontend frontend = catalog.frontend();
        org.apache.calcite.sql.SqlNode parsed = frontend.parse(query.text(), query::errorAt);
        LateRowsHint lateRows = LateRowsHint.take(parsed, query);
        Set<String> broadcastTables = BroadcastHint.take(parsed);
        SupportedSql.checkParsed(parsed, query);
        TemporalJoinValidation.check(parsed, catalog, query);
        SqlFrontend.Validated validated = frontend.validate(parsed, query::errorAt);
        SupportedSql.check(validated.node(), validated.validator(), catalog, query);
        RelNode rel = frontend.toRel(validated).project();
        RowType sinkRow = sinkType;
        if (sinkRow == null) {
            try {
                sinkRow = CalciteTypes.toRowType(rel.getRowType());
            } catch (WeirException e) {
                throw query.errorAt(1, 1, e.getMessage());
            }
        }
        RelNode logical = SinkConversion.toSink(rel, validated.node(), query, sinkName, sinkRow, targetColumns);
        RelNode optimized;
        try {
            optimized = LogicalOptimizer.optimize(logical);
        } catch (WeirException e) {
            // Subquery rewrites refuse some forms (a scalar subquery without an aggregate).
            throw query.errorAt(1, 1, e.getMessage());
        }
        LateRowsPlanning late = lateRows == null ? null : new LateRowsPlanning(lateRows, catalog, sinkName, optimized);
        try {
            validateConnectors(optimized, sinkTable);
            if (late != null) {
                validateConnectors(optimized, late.table());
            }
            PhysicalPlanner planner = new PhysicalPlanner(catalog, sessionZone(), stateTtlMillis(),
                    () -> EmitOptions.allowedLatenessMillis(config));
            if (late != null) {
                planner.keepingWindowInputColumns();
            }
            planner.broadcasting(broadcastTables);
            PhysicalPlan plan = planner.plan(optimized, jobName(sinkName), sinkName, sinkRow, sinkOptions);
            String sinkLine = "LogicalSink(table=[" + sinkName + "], fields=" + sinkRow.names() + ")";
            if (late != null) {
                plan = late.addBranch(plan, sessionZone());
            }
            plan = withTableParallelism(plan);
            return new Planned(sinkLine, logical, optimized, plan);
        } catch (SqlException e) {
            throw e;
        } catch (WeirException e) {
            // Planning failures have no finer position than the query itself.
            throw query.errorAt(1, 1, e.getMessage());
        }
    }

    /**
     * Marks the query's own sink (the plan's last operator) as fed an updating changelog when it is, and checks
     * the tables' {@code scan.parallelism} / {@code sink.parallelism} (values, and Flink's rule that an updating
     * input into a sink of another parallelism needs the sink's primary key).
     */
    private PhysicalPlan withTableParallelism(PhysicalPlan plan) {
        int last = plan.operators().size() - 1;
        if (plan.operators().get(last) instanceof dev.weir.executor.plan.SinkSpec sink && updatingNode(plan) != null) {
            plan = plan.withOperator(last, sink.updating(true));
        }
        dev.weir.executor.runtime.TableParallelism.check(plan, config);
        return plan;
    }

    private void validateConnectors(RelNode optimized, CatalogTable sink) {
        for (RelOptTable t : RelOptUtil.findAllTables(optimized)) {
            List<String> qualified = t.getQualifiedName();
            String name = qualified.get(qualified.size() - 1);
            CatalogTable table = catalog.table(name).orElseThrow(() -> new WeirException("Table '" + name
                    + "' does not exist."));
            ConnectorFactory factory = Connectors.find(table.connector());
            if (!factory.isSource()) {
                throw new WeirException("Table '" + name + "' uses connector '" + table.connector()
                        + "', which cannot be read; it can only be written with INSERT INTO.");
            }
            factory.validate(context(table), true);
        }
        if (sink != null) {
            ConnectorFactory factory = Connectors.find(sink.connector());
            if (!factory.isSink()) {
                throw new WeirException("Table '" + sink.name() + "' uses connector '" + sink.connector()
                        + "', which cannot be written; it can only be read.");
            }
            factory.validate(context(sink), false);
        }
    }

    private TableContext context(CatalogTable table) {
        return new TableContext(table.name(), table.physicalRowType(), table.options(), config, 0, 1, null);
    }

    private String jobName(String sinkName) {
        String name = config.getString("pipeline.name");
        return name != null ? name : "insert-into_" + sinkName;
    }

    /** {@code table.exec.state.ttl}: how long idle group-aggregation state is kept; 0 (default) = forever. */
    long stateTtlMillis() {
        String ttl = config.getString(STATE_TTL);
        if (ttl == null || ttl.isBlank()) {
            return 0;
        }
        try {
            long millis = Durations.parseMillis(ttl);
            if (millis >= 0) {
                return millis;
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            // reported below
        }
        throw new WeirException("Invalid value '" + ttl + "' for option '" + STATE_TTL + "': expected a duration "
                + "such as '0', '30 min' or '1 d'. Fix it with SET '" + STATE_TTL + "' = '...'.");
    }

    /**
     * The operator that makes {@code plan}'s result an updating changelog (as EXPLAIN describes it),
     * or null when the result is insert-only.
     */
    static String updatingNode(PhysicalPlan plan) {
        // Per operator, the node whose changes reach it; a temporal join passes on only its left
        // input's (Flink: the versioned table's changes only select versions).
        List<OperatorSpec> ops = plan.operators();
        String[] updating = new String[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            OperatorSpec op = ops.get(i);
            updating[i] = ownUpdates(op);
            List<Integer> in = plan.inputsOf(i);
            int read = op instanceof dev.weir.executor.plan.TemporalJoinSpec ? Math.min(1, in.size()) : in.size();
            if (op instanceof dev.weir.executor.plan.WindowAggregateSpec w && w.updatingInput()
                    || op instanceof dev.weir.executor.plan.SessionWindowAggregateSpec s && s.updatingInput()) {
                read = 0; // takes its input's changes back before a window fires: emits final rows only
            }
            for (int k = 0; k < read && updating[i] == null; k++) {
                updating[i] = updating[in.get(k)];
            }
        }
        for (int sink : plan.sinkIndices()) {
            if (updating[sink] != null) {
                return updating[sink];
            }
        }
        return null;
    }

    /** The operator's describe() when it emits updates whatever its input, else null. */
    private static String ownUpdates(OperatorSpec op) {
        if (op instanceof dev.weir.executor.plan.SourceSpec s && PhysicalPlanner.producesUpdates(s)) {
            return s.describe();
        }
        if (op instanceof GroupAggregateSpec g) {
            return g.describe();
        }
        if (op instanceof dev.weir.executor.plan.WindowAggregateSpec w && w.emitsUpdates()) {
            return w.describe(); // late rows within the allowed lateness retract emitted windows
        }
        if (op instanceof dev.weir.executor.plan.SessionWindowAggregateSpec w && w.emitsUpdates()) {
            return w.describe();
        }
        if (op instanceof dev.weir.executor.plan.DeduplicateSpec d) {
            return d.describe();
        }
        if (op instanceof dev.weir.executor.plan.RankSpec r) {
            return r.describe();
        }
        if (op instanceof dev.weir.executor.plan.OverAggregateSpec o && o.nonTimeOrder()) {
            return o.describe(); // a row sorting before others changes their aggregates
        }
        if (op instanceof dev.weir.executor.plan.JoinSpec j
                && j.joinType() != dev.weir.executor.plan.JoinType.INNER) {
            return j.describe(); // NULL-padded rows are retracted when a match arrives
        }
        if (op instanceof dev.weir.executor.plan.SemiAntiJoinSpec j && j.anti()) {
            return j.describe(); // as in Flink: a right row arriving later retracts emitted left rows
        }
        return null;
    }

    ZoneId sessionZone() {
        String zone = config.getString("table.local-time-zone");
        if (zone == null || zone.equalsIgnoreCase("default")) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new WeirException("Invalid value '" + zone + "' for option 'table.local-time-zone': expected a "
                    + "time zone id such as 'UTC' or 'Europe/Berlin'. Fix it with SET 'table.local-time-zone' = '...'.");
        }
    }
}

package dev.weir.planner;

import dev.weir.core.config.Configuration;
import dev.weir.core.type.RowType;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.TableContext;
import dev.weir.parser.ComputedColumn;
import dev.weir.parser.CreateTable;
import dev.weir.parser.CreateView;
import dev.weir.parser.Describe;
import dev.weir.parser.DropTable;
import dev.weir.parser.DropView;
import dev.weir.parser.Explain;
import dev.weir.parser.Insert;
import dev.weir.parser.Position;
import dev.weir.parser.Query;
import dev.weir.parser.ResetOption;
import dev.weir.parser.Script;
import dev.weir.parser.SetOption;
import dev.weir.parser.ShowJobs;
import dev.weir.parser.ShowTables;
import dev.weir.parser.SqlException;
import dev.weir.parser.Statement;
import dev.weir.parser.StopJob;
import dev.weir.planner.calcite.CalciteTypes;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogColumn;
import dev.weir.planner.catalog.CatalogTable;
import dev.weir.planner.catalog.CatalogView;
import dev.weir.planner.catalog.TableDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.calcite.rel.RelNode;

/**
 * One SQL session: its catalog and its configuration (SET/RESET). Executes parsed statements
 * one at a time and says what to show or run; it never runs a job itself. Not thread-safe.
 *
 * <pre>
 *   SqlSession session = new SqlSession(Configuration.empty());
 *   for (Statement s : ScriptParser.parse(script)) {
 *       StatementResult r = session.execute(s, script);   // RunJob → hand the plan to the executor
 *   }
 * </pre>
 * Errors are {@link SqlException}s positioned in the script, or {@link dev.weir.core.WeirException}s.
 */
public final class SqlSession {
    static final String OK = "[INFO] Execute statement succeeded.";
    static final String SET = "[INFO] Session property has been set.";
    static final String RESET = "[INFO] Session property has been reset.";
    static final String RESET_ALL = "[INFO] All session properties have been set to their default values.";

    private final Configuration initial;
    private final Catalog catalog = new Catalog();
    private Configuration configuration;

    public SqlSession(Configuration initial) {
        this.initial = Objects.requireNonNull(initial, "initial is null");
        this.configuration = initial;
    }

    public Configuration configuration() {
        return configuration;
    }

    /** The session's tables and views, read-only use intended (e.g. for completion in a shell). */
    public Catalog catalog() {
        return catalog;
    }

    /**
     * Executes one statement. Errors are positioned in a script rebuilt from the statement's own
     * text (named after the statement's script where it carries one); prefer
     * {@link #execute(Statement, Script)} when the script is at hand.
     */
    public StatementResult execute(Statement statement) {
        return execute(statement, scriptOf(statement));
    }

    /** Executes one statement of {@code script}; errors point into the script. */
    public StatementResult execute(Statement statement, Script script) {
        Objects.requireNonNull(statement, "statement is null");
        Objects.requireNonNull(script, "script is null");
        if (statement instanceof CreateTable ct) {
            return createTable(ct, script);
        } else if (statement instanceof CreateView cv) {
            return createView(cv, script);
        } else if (statement instanceof DropTable dt) {
            if (catalog.removeTable(dt.name()) || dt.ifExists()) {
                return new StatementResult.Ok(OK);
            }
            throw new SqlException(script, dt.position(), "Table with identifier '" + dt.name() + "' does not exist.");
        } else if (statement instanceof DropView dv) {
            if (catalog.removeView(dv.name()) || dv.ifExists()) {
                return new StatementResult.Ok(OK);
            }
            throw new SqlException(script, dv.position(), "View with identifier '" + dv.name() + "' does not exist.");
        } else if (statement instanceof Insert insert) {
            QueryPlanner.Planned p = planInsert(insert, script);
            return new StatementResult.RunJob(p.plan(), configuration);
        } else if (statement instanceof Query query) {
            return new StatementResult.RunJob(planner().planQuery(query.query()).plan(), configuration);
        } else if (statement instanceof SetOption set) {
            return set(set);
        } else if (statement instanceof ResetOption reset) {
            return reset(reset);
        } else if (statement instanceof ShowTables) {
            List<List<String>> rows = new ArrayList<>();
            for (String name : catalog.names()) {
                rows.add(List.of(name));
            }
            return new StatementResult.Table(List.of("table name"), rows);
        } else if (statement instanceof Describe d) {
            return describe(d, script);
        } else if (statement instanceof Explain e) {
            QueryPlanner.Planned p = e.explained() instanceof Insert insert ? planInsert(insert, script)
                    : planner().planQuery(((Query) e.explained()).query());
            return new StatementResult.Text(p.explain());
        } else if (statement instanceof ShowJobs || statement instanceof StopJob) {
            // Jobs belong to whoever runs them (the shell, the JDBC server), not to a session.
            throw new SqlException(script, statement.position(), "SHOW JOBS and STOP JOB are handled by the "
                    + "shell or the JDBC server, which run the jobs; this session has no jobs to show or stop.");
        }
        throw new IllegalStateException("unknown statement " + statement);
    }

    private QueryPlanner planner() {
        return new QueryPlanner(catalog, configuration);
    }

    private QueryPlanner.Planned planInsert(Insert insert, Script script) {
        Optional<CatalogTable> sink = catalog.table(insert.table());
        if (sink.isEmpty()) {
            String what = catalog.view(insert.table()).isPresent()
                    ? "'" + insert.table() + "' is a view; INSERT INTO needs a table."
                    : "Table with identifier '" + insert.table() + "' does not exist. Create it with CREATE TABLE "
                            + "first" + existing() + ".";
            throw new SqlException(script, insert.tablePosition(), what);
        }
        QueryPlanner.Planned planned = planner().planInsert(sink.get(), insert.columns(), insert.query());
        checkSinkAcceptsChanges(sink.get(), planned, insert, script);
        return planned;
    }

    /** Refuses, at the INSERT, to write an updating result into an append-only sink (Flink's message). */
    private void checkSinkAcceptsChanges(CatalogTable sink, QueryPlanner.Planned planned, Insert insert,
            Script script) {
        String updating = QueryPlanner.updatingNode(planned.plan());
        if (updating == null) {
            return;
        }
        TableContext context = new TableContext(sink.name(), sink.physicalRowType(), sink.options(), configuration,
                0, 1, null);
        if (!Connectors.find(sink.connector()).acceptsUpdates(context)) {
            throw new SqlException(script, insert.position(), "Table sink '" + sink.name() + "' doesn't support "
                    + "consuming update changes which is produced by node " + updating + ". Connector '"
                    + sink.connector() + "' can only append rows: write into a sink that accepts updates (print, "
                    + "blackhole), or " + (updating.contains("allowLateness=[") ? "RESET '"
                    + EmitOptions.ALLOW_LATENESS + "' so that windows emit final rows only (late rows are then "
                    + "dropped)." : "aggregate in windows (TUMBLE, HOP, CUMULATE), which emit final rows only."));
        }
    }

    private String existing() {
        List<String> names = catalog.names();
        return names.isEmpty() ? "" : "; existing tables: " + String.join(", ", names);
    }

    private StatementResult createTable(CreateTable ct, Script script) {
        if (catalog.contains(ct.name())) {
            if (ct.ifNotExists()) {
                return new StatementResult.Ok(OK);
            }
            throw new SqlException(script, ct.position(), "Table `" + ct.name() + "` already exists. Use CREATE TABLE "
                    + "IF NOT EXISTS, or DROP TABLE `" + ct.name() + "` first.");
        }
        catalog.putTable(TableDefinitions.fromCreateTable(ct, script));
        return new StatementResult.Ok(OK);
    }

    private StatementResult createView(CreateView cv, Script script) {
        if (catalog.contains(cv.name())) {
            if (cv.ifNotExists()) {
                return new StatementResult.Ok(OK);
            }
            throw new SqlException(script, cv.position(), "View `" + cv.name() + "` already exists. Use CREATE VIEW "
                    + "IF NOT EXISTS, or DROP VIEW `" + cv.name() + "` first.");
        }
        var frontend = catalog.frontend();
        var parsed = frontend.parse(cv.query().text(), cv.query()::errorAt);
        SupportedSql.checkParsed(parsed, cv.query());
        var validated = frontend.validate(parsed, cv.query()::errorAt);
        SupportedSql.check(validated.node(), validated.validator(), catalog, cv.query());
        RelNode rel = frontend.toRel(validated).project();
        RowType rowType;
        try {
            rowType = CalciteTypes.toRowType(rel.getRowType());
        } catch (RuntimeException e) {
            throw cv.query().errorAt(1, 1, e.getMessage());
        }
        if (!cv.columnNames().isEmpty()) {
            if (cv.columnNames().size() != rowType.arity()) {
                throw new SqlException(script, cv.position(), "View '" + cv.name() + "' names "
                        + cv.columnNames().size() + " columns " + cv.columnNames() + " but its query produces "
                        + rowType.arity() + " columns " + rowType.names() + ".");
            }
            RowType.Builder renamed = RowType.builder();
            for (int i = 0; i < rowType.arity(); i++) {
                renamed.add(cv.columnNames().get(i), rowType.type(i));
            }
            rowType = renamed.build();
        }
        catalog.putView(new CatalogView(cv.name(), cv.temporary(), cv.query().text(), rowType));
        return new StatementResult.Ok(OK);
    }

    private StatementResult set(SetOption set) {
        if (set.key() == null) {
            List<List<String>> rows = new ArrayList<>();
            for (Map.Entry<String, String> e : configuration.toMap().entrySet()) {
                rows.add(List.of(e.getKey(), e.getValue()));
            }
            return new StatementResult.Table(List.of("key", "value"), rows);
        }
        configuration = configuration.with(set.key(), set.value());
        return new StatementResult.Ok(SET);
    }

    private StatementResult reset(ResetOption reset) {
        if (reset.key() == null) {
            configuration = initial;
            return new StatementResult.Ok(RESET_ALL);
        }
        String initialValue = initial.getString(reset.key());
        configuration = initialValue == null ? configuration.without(reset.key())
                : configuration.with(reset.key(), initialValue);
        return new StatementResult.Ok(RESET);
    }

    private StatementResult describe(Describe d, Script script) {
        List<String> columns = List.of("name", "type", "null", "key", "extras", "watermark");
        List<List<String>> rows = new ArrayList<>();
        Optional<CatalogTable> table = catalog.table(d.name());
        if (table.isPresent()) {
            CatalogTable t = table.get();
            String pk = t.primaryKey().isEmpty() ? "" : "PRI(" + String.join(", ", t.primaryKey()) + ")";
            for (CatalogColumn c : t.columns()) {
                boolean rowtime = c.name().equals(t.watermarkColumn());
                String type = c.type().nullable(true) + (rowtime ? " *ROWTIME*" : "");
                rows.add(List.of(c.name(), type, c.type().isNullable() ? "TRUE" : "FALSE",
                        t.primaryKey().contains(c.name()) ? pk : "",
                        c.extras(),
                        rowtime ? t.watermarkExpression() : ""));
            }
            return new StatementResult.Table(columns, rows);
        }
        Optional<CatalogView> view = catalog.view(d.name());
        if (view.isPresent()) {
            for (RowType.Field f : view.get().rowType().fields()) {
                rows.add(List.of(f.name(), f.type().nullable(true).toString(), f.type().isNullable() ? "TRUE" : "FALSE",
                        "", "", ""));
            }
            return new StatementResult.Table(columns, rows);
        }
        throw new SqlException(script, d.position(), "Table with identifier '" + d.name() + "' does not exist"
                + existing() + ".");
    }

    /**
     * The statement's script when it carries one (any embedded query or expression knows it),
     * else a stand-in that has the statement's text at the statement's position.
     */
    private static Script scriptOf(Statement s) {
        Script embedded = null;
        if (s instanceof Insert i) {
            embedded = i.query().script();
        } else if (s instanceof Query q) {
            embedded = q.query().script();
        } else if (s instanceof CreateView cv) {
            embedded = cv.query().script();
        } else if (s instanceof Explain e) {
            return scriptOf(e.explained());
        } else if (s instanceof CreateTable ct) {
            embedded = embeddedScript(ct);
        }
        if (embedded != null) {
            return embedded;
        }
        Position p = s.position();
        return new Script("<sql>", "\n".repeat(p.line() - 1) + " ".repeat(p.column() - 1) + s.text());
    }

    private static Script embeddedScript(CreateTable ct) {
        if (ct.watermark() != null) {
            return ct.watermark().expression().script();
        }
        for (var c : ct.columns()) {
            if (c instanceof ComputedColumn cc) {
                return cc.expression().script();
            }
        }
        return null;
    }
}

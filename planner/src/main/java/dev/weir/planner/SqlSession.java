package dev.weir.planner;

import dev.weir.core.config.Configuration;
import dev.weir.core.type.RowType;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.TableContext;
import dev.weir.parser.ComputedColumn;
import dev.weir.parser.CreateTable;
import dev.weir.parser.BeginStatementSet;
import dev.weir.parser.CreateView;
import dev.weir.parser.Describe;
import dev.weir.parser.DropTable;
import dev.weir.parser.DropView;
import dev.weir.parser.EndStatementSet;
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
import dev.weir.parser.StatementSet;
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
    static final String BEGIN_SET = "[INFO] Begin a statement set.";
    static final String ADD_TO_SET = "[INFO] Add SQL update statement to the statement set.";
    static final String EMPTY_SET = "[INFO] No statement in the statement set, skip submit.";

    private final Configuration initial;
    private final Catalog catalog = new Catalog();
    private Configuration configuration;
    /** The INSERTs collected since BEGIN STATEMENT SET (at the prompt, over JDBC), null when none is open. */
    private List<Member> openSet;

    /** One collected INSERT and the script it came in (each prompt input is a script of its own). */
    private record Member(Insert insert, Script script) {
    }

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
        if (openSet != null) {
            return executeInOpenSet(statement, script);
        }
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
            return new StatementResult.RunJob(p.plan(), configuration, insert.text());
        } else if (statement instanceof Query query) {
            return new StatementResult.RunJob(planner().planQuery(query.query()).plan(), configuration, query.text());
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
            if (e.explained() instanceof StatementSet set) {
                return new StatementResult.Text(planStatementSet(members(set, script)).explain(configuration));
            }
            QueryPlanner.Planned p = e.explained() instanceof Insert insert ? planInsert(insert, script)
                    : planner().planQuery(((Query) e.explained()).query());
            return new StatementResult.Text(p.explain(configuration));
        } else if (statement instanceof StatementSet set) {
            return new StatementResult.RunJob(planStatementSet(members(set, script)).plan(), configuration, set.text());
        } else if (statement instanceof BeginStatementSet) {
            openSet = new ArrayList<>();
            return new StatementResult.Ok(BEGIN_SET);
        } else if (statement instanceof EndStatementSet) {
            throw new SqlException(script, statement.position(), "END without BEGIN STATEMENT SET: END submits the "
                    + "INSERTs collected since BEGIN STATEMENT SET; there is no open statement set.");
        } else if (statement instanceof ShowJobs || statement instanceof StopJob) {
            // Jobs belong to whoever runs them (the shell, the JDBC server), not to a session.
            throw new SqlException(script, statement.position(), "SHOW JOBS and STOP JOB are handled by the "
                    + "shell or the JDBC server, which run the jobs; this session has no jobs to show or stop.");
        }
        throw new IllegalStateException("unknown statement " + statement);
    }

    /** Whether INSERTs are being collected into a statement set (BEGIN STATEMENT SET without END yet). */
    public boolean inStatementSet() {
        return openSet != null;
    }

    /** Between BEGIN STATEMENT SET and END: INSERTs are checked and collected, END runs them as one job. */
    private StatementResult executeInOpenSet(Statement statement, Script script) {
        if (statement instanceof Insert insert) {
            planInsert(insert, script); // refused here, with its position, rather than at END
            openSet.add(new Member(insert, script));
            return new StatementResult.Ok(ADD_TO_SET);
        }
        if (statement instanceof EndStatementSet) {
            List<Member> members = openSet;
            openSet = null;
            return members.isEmpty() ? new StatementResult.Ok(EMPTY_SET)
                    : new StatementResult.RunJob(planStatementSet(members).plan(), configuration, setText(members));
        }
        throw new SqlException(script, statement.position(), "Only INSERT INTO statements can be added to the open "
                + "statement set (BEGIN STATEMENT SET, " + openSet.size() + " INSERT" + (openSet.size() == 1 ? "" : "s")
                + " so far). End it with END; to run them as one job, then run this statement.");
    }

    /** The SQL of a set collected since BEGIN STATEMENT SET (the END that submits it says nothing). */
    private static String setText(List<Member> members) {
        StringBuilder sb = new StringBuilder("BEGIN STATEMENT SET;");
        for (Member m : members) {
            sb.append('\n').append(m.insert().text()).append(';');
        }
        return sb.append("\nEND;").toString();
    }

    private static List<Member> members(StatementSet set, Script script) {
        List<Member> members = new ArrayList<>(set.inserts().size());
        for (Insert insert : set.inserts()) {
            members.add(new Member(insert, script));
        }
        return members;
    }

    /** Plans each INSERT as on its own, then merges them into one job. */
    private StatementSetPlan planStatementSet(List<Member> members) {
        List<StatementSetPlan.Member> planned = new ArrayList<>(members.size());
        List<String> tables = new ArrayList<>(members.size());
        for (Member m : members) {
            QueryPlanner.Planned p = planInsert(m.insert(), m.script());
            String table = p.plan().operators().get(p.plan().operators().size() - 1) instanceof
                    dev.weir.executor.plan.SinkSpec sink ? sink.tableName() : m.insert().table();
            planned.add(new StatementSetPlan.Member(table, p));
            tables.add(table);
        }
        String name = configuration.getString("pipeline.name");
        return new StatementSetPlan(planned, name != null ? name : StatementSetPlan.defaultJobName(tables),
                Boolean.parseBoolean(configuration.getString(StatementSetPlan.REUSE_SOURCE)));
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
                    + "dropped)." : "aggregate in windows (TUMBLE, HOP, CUMULATE, SESSION), which emit final rows only."));
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
        LateRowsHint late = LateRowsHint.take(parsed, cv.query());
        if (late != null) {
            throw late.error("LATE_ROWS belongs on the query that runs the window aggregation (an INSERT or a "
                    + "SELECT), not in a view: a view is planned into each query that reads it.");
        }
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
        } else if (s instanceof StatementSet set) {
            embedded = set.inserts().get(0).query().script();
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

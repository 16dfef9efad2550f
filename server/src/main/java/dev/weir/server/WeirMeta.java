package dev.weir.server;

import dev.weir.connectors.collect.CollectQueue;
import dev.weir.connectors.collect.CollectQueues;
import dev.weir.connectors.collect.CollectSinkFactory;
import dev.weir.core.WeirException;
import java.nio.file.Path;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.RowType;
import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import dev.weir.executor.runtime.LocalJob;
import dev.weir.parser.Query;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import dev.weir.planner.StatementResult;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Weir behind Avatica's {@link org.apache.calcite.avatica.Meta}: each JDBC connection gets a
 * {@link ClientSession}; statements are parsed and planned by the engine; a SELECT runs as a job
 * writing into a bounded {@link CollectQueue} that fetches drain; an INSERT runs as a background
 * job listed by {@code SHOW JOBS}.
 *
 * <p>It extends {@link MetaImpl} only for the empty answers of metadata Weir has nothing for
 * (procedures, keys, ...). MetaImpl is built for the client side and wants a client connection;
 * this server has none, so everything that would touch it is overridden.
 */
final class WeirMeta extends MetaImpl {
    private static final String SELECT_JOB_PREFIX = "jdbc-select-";
    private static final String DML_SYNC = "table.dml-sync";
    /** How long STOP JOB ... WITH SAVEPOINT and SAVEPOINT JOB wait for the savepoint (as the shell does). */
    private static final long SAVEPOINT_WAIT_SECONDS = 30;
    private static final DateTimeFormatter START_TIME = DateTimeFormatter.ISO_INSTANT;

    private final Configuration initial;
    private final JobRegistry jobs;
    private final int resultBufferRows;
    private final long fetchWaitMillis;
    private final PathSandbox sandbox;
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    /** Server-wide so no two result sets of a client ever share a statement id. */
    private final AtomicInteger nextStatementId = new AtomicInteger(1);

    WeirMeta(Configuration initial, JobRegistry jobs, int resultBufferRows, long fetchWaitMillis,
            PathSandbox sandbox) {
        super(null);
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox is null");
        this.initial = Objects.requireNonNull(initial, "initial is null");
        this.jobs = Objects.requireNonNull(jobs, "jobs is null");
        this.resultBufferRows = resultBufferRows;
        this.fetchWaitMillis = fetchWaitMillis;
    }

    // ---- connections and statements

    @Override
    public void openConnection(ConnectionHandle ch, Map<String, String> info) {
        sessions.computeIfAbsent(ch.id, id -> new ClientSession(id, initial));
    }

    @Override
    public void closeConnection(ConnectionHandle ch) {
        ClientSession s = sessions.remove(ch.id);
        if (s != null) {
            s.closeAll();
        }
    }

    /** Closes every connection's open results (server shutdown). */
    void closeAll() {
        for (String id : new ArrayList<>(sessions.keySet())) {
            closeConnection(new ConnectionHandle(id));
        }
    }

    /**
     * Stops the queries no client fetched from for {@code idleNanos}: a client that died without
     * closing its statement would otherwise leave its job blocked on a full buffer forever.
     */
    int closeIdleQueries(long idleNanos) {
        long now = System.nanoTime();
        int closed = 0;
        for (ClientSession s : sessions.values()) {
            closed += s.closeIdle(now, idleNanos);
        }
        return closed;
    }

    @Override
    public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties connProps) {
        return session(ch.id).sync(connProps);
    }

    @Override
    public StatementHandle createStatement(ConnectionHandle ch) {
        ClientSession s = session(ch.id);
        int id = nextStatementId.getAndIncrement();
        s.statement(id);
        return new StatementHandle(ch.id, id, null);
    }

    @Override
    public void closeStatement(StatementHandle h) {
        ClientSession s = sessions.get(h.connectionId);
        if (s != null) {
            s.closeStatement(h.id);
        }
    }

    @Override
    public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
        ClientSession s = session(ch.id);
        int id = nextStatementId.getAndIncrement();
        s.statement(id).preparedSql = sql;
        int markers = SqlParameters.markers(sql).size();
        List<AvaticaParameter> parameters = new ArrayList<>(markers);
        for (int i = 0; i < markers; i++) {
            parameters.add(new AvaticaParameter(true, 0, 0, Types.OTHER, "ANY", Object.class.getName(), "?" + (i + 1)));
        }
        // Columns are known only once the bound statement is planned, at execute time.
        Signature signature = new Signature(List.of(), sql, parameters, Collections.emptyMap(), CursorFactory.LIST,
                StatementType.SELECT);
        return new StatementHandle(ch.id, id, signature);
    }

    @Override
    @SuppressWarnings("deprecation")
    public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount,
            PrepareCallback callback) throws NoSuchStatementException {
        return prepareAndExecute(h, sql, maxRowCount, -1, callback);
    }

    @Override
    public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, int maxRowsInFirstFrame,
            PrepareCallback callback) throws NoSuchStatementException {
        ClientSession s = session(h.connectionId);
        return new ExecuteResult(List.of(run(s, h.id, sql, maxRowCount)));
    }

    @Override
    public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
            throws NoSuchStatementException {
        ClientSession s = session(h.connectionId);
        long[] counts = new long[sqlCommands.size()];
        for (int i = 0; i < counts.length; i++) {
            MetaResultSet r = run(s, h.id, sqlCommands.get(i), -1);
            counts[i] = Math.max(0, r.updateCount);
        }
        return new ExecuteBatchResult(counts);
    }

    @Override
    public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> parameterValues)
            throws NoSuchStatementException {
        ClientSession s = session(h.connectionId);
        String sql = preparedSql(s, h);
        long[] counts = new long[parameterValues.size()];
        for (int i = 0; i < counts.length; i++) {
            MetaResultSet r = run(s, h.id, SqlParameters.bind(sql, parameterValues.get(i)), -1);
            counts[i] = Math.max(0, r.updateCount);
        }
        return new ExecuteBatchResult(counts);
    }

    @Override
    @SuppressWarnings("deprecation")
    public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, long maxRowCount)
            throws NoSuchStatementException {
        return execute(h, parameterValues, (int) Math.min(Integer.MAX_VALUE, maxRowCount));
    }

    @Override
    public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
            throws NoSuchStatementException {
        ClientSession s = session(h.connectionId);
        String sql = SqlParameters.bind(preparedSql(s, h), parameterValues);
        return new ExecuteResult(List.of(run(s, h.id, sql, -1)));
    }

    private static String preparedSql(ClientSession s, StatementHandle h) throws NoSuchStatementException {
        ClientSession.StatementState state = s.existingStatement(h.id);
        if (state == null || state.preparedSql == null) {
            throw new NoSuchStatementException(h);
        }
        return state.preparedSql;
    }

    @Override
    public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
            throws NoSuchStatementException, MissingResultsException {
        ClientSession s = sessions.get(h.connectionId);
        ClientSession.StatementState state = s == null ? null : s.existingStatement(h.id);
        if (state == null) {
            throw new NoSuchStatementException(h);
        }
        QueryCursor cursor = state.cursor();
        if (cursor == null) {
            throw new MissingResultsException(h);
        }
        try {
            return cursor.fetch(offset, fetchMaxRowCount);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeirException("The server is shutting down; the query was stopped.", e);
        }
    }

    @Override
    public boolean syncResults(StatementHandle sh, QueryState state, long offset) {
        return false;
    }

    @Override
    public void commit(ConnectionHandle ch) {
        // Every statement takes effect at once (auto-commit); there is nothing to commit.
    }

    @Override
    public void rollback(ConnectionHandle ch) {
        // As commit: nothing is ever pending.
    }

    // ---- executing one statement

    private MetaResultSet run(ClientSession s, int statementId, String sql, long maxRowCount) {
        var command = ServerCommands.recognise(sql);
        if (command.isPresent()) {
            return runCommand(s, statementId, command.get());
        }
        Script script = new Script("<jdbc>", sql);
        // BEGIN STATEMENT SET and END come as statements of their own; the session collects the INSERTs between
        List<Statement> statements = ScriptParser.parseInteractive(script);
        if (statements.size() != 1) {
            throw new WeirException(statements.isEmpty() ? "The SQL text holds no statement."
                    : "The SQL text holds " + statements.size() + " statements; send one statement per execute.");
        }
        Statement statement = statements.get(0);
        // the one place every client statement passes (plain, prepared with bound values, batched)
        sandbox.check(statement);
        StatementResult result;
        synchronized (s) {
            result = s.session().execute(statement, script);
        }
        if (result instanceof StatementResult.Ok) {
            return MetaResultSet.count(s.connectionId(), statementId, 0);
        } else if (result instanceof StatementResult.Table table) {
            return textResult(s, statementId, sql, table.columns(), new ArrayList<>(table.rows()));
        } else if (result instanceof StatementResult.Text text) {
            return textResult(s, statementId, sql, List.of("result"), List.of(List.of(text.text())));
        } else if (result instanceof StatementResult.RunJob job) {
            if (statement instanceof Query) {
                return startSelect(s, statementId, sql, job, maxRowCount);
            }
            // an INSERT, EXECUTE STATEMENT SET, or the END of a BEGIN STATEMENT SET: a background job
            return startInsert(s, statementId, sql, job);
        }
        throw new IllegalStateException("unexpected result " + result + " of " + statement);
    }

    private MetaResultSet runCommand(ClientSession s, int statementId, ServerCommands.Command command) {
        if (command instanceof ServerCommands.ShowJobs) {
            List<List<String>> rows = new ArrayList<>();
            for (JobInfo j : jobs.list()) {
                rows.add(java.util.Arrays.asList(j.id(), j.name(), j.kind(), j.status().name(),
                        START_TIME.format(j.startTime().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)), j.failure(),
                        j.lastCheckpoint(), j.operators()));
            }
            return textResult(s, statementId, "SHOW JOBS", List.of("job_id", "job_name", "kind", "status",
                    "start_time", "failure", "last_checkpoint", "operators"), rows);
        } else if (command instanceof ServerCommands.StopJob stop && stop.withSavepoint()) {
            Path directory = savepointDirectory("STOP JOB '" + stop.jobId() + "' WITH SAVEPOINT", stop.directory());
            try {
                Path savepoint = jobs.stopWithSavepoint(stop.jobId(), directory, SAVEPOINT_WAIT_SECONDS);
                return textResult(s, statementId, "STOP JOB", List.of("savepoint_path"),
                        List.of(List.of(savepoint.toString())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WeirException("Interrupted while waiting for the savepoint of job " + stop.jobId() + ".");
            }
        } else if (command instanceof ServerCommands.TriggerSavepoint trigger) {
            Path directory = savepointDirectory("SAVEPOINT JOB '" + trigger.jobId() + "'", trigger.directory());
            try {
                Path savepoint = jobs.triggerSavepoint(trigger.jobId(), directory, SAVEPOINT_WAIT_SECONDS);
                return textResult(s, statementId, "SAVEPOINT JOB", List.of("savepoint_path"),
                        List.of(List.of(savepoint.toString())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WeirException("Interrupted while waiting for the savepoint of job " + trigger.jobId() + ".");
            }
        } else if (command instanceof ServerCommands.StopJob stop) {
            jobs.stop(stop.jobId());
            return MetaResultSet.count(s.connectionId(), statementId, 0);
        } else if (command instanceof ServerCommands.CancelStatement cancel) {
            ClientSession.StatementState target = s.existingStatement(cancel.statementId());
            QueryCursor cursor = target == null ? null : target.cursor();
            if (cursor != null) {
                cursor.close();
            }
            return MetaResultSet.count(s.connectionId(), statementId, 0);
        }
        throw new IllegalStateException("unknown command " + command);
    }

    /**
     * The directory a savepoint command names, as its real path, when it lies under a directory
     * this server allows ({@code weir serve --allow-path}); null when the command names none (the
     * job's {@code execution.checkpointing.savepoint-dir}, checked when it was SET).
     */
    private Path savepointDirectory(String command, String directory) {
        if (directory == null) {
            return null;
        }
        Path real;
        try {
            real = PathSandbox.realPath(Path.of(directory).toAbsolutePath());
        } catch (java.nio.file.InvalidPathException e) {
            throw new WeirException(command + ": '" + directory + "' is not a valid directory: " + e.getMessage());
        }
        for (Path allowed : sandbox.allowed()) {
            if (real.startsWith(allowed)) {
                return real;
            }
        }
        throw new WeirException(command + ": the savepoint directory '" + directory + "' lies outside the directories"
                + " this server allows. " + (sandbox.allowed().isEmpty()
                        ? "This server allows none: the operator can allow one with 'weir serve --allow-path DIR'."
                        : "Allowed (weir serve --allow-path): " + sandbox.allowed() + ".")
                + " Without a directory the savepoint goes to the job's execution.checkpointing.savepoint-dir.");
    }

    private MetaResultSet startSelect(ClientSession s, int statementId, String sql, StatementResult.RunJob job,
            long maxRowCount) {
        String queryId = UUID.randomUUID().toString();
        RowType rowType = job.plan().sink().outputType();
        CollectQueue channel = new CollectQueue(resultBufferRows);
        CollectQueues.register(queryId, channel);
        // A SELECT over JDBC never resumes: no checkpoints, and a name of its own so that it
        // neither finds nor leaves another job's checkpoints.
        Configuration config = job.config()
                .without("execution.checkpointing.interval")
                .without("execution.state-recovery.path")
                .with("pipeline.name", SELECT_JOB_PREFIX + queryId.substring(0, 8));
        JobHandle handle;
        try {
            handle = LocalJob.submit(CollectSinkFactory.withCollectSink(job.plan(), queryId), config);
        } catch (RuntimeException e) {
            CollectQueues.unregister(queryId);
            throw e;
        }
        String jobId = jobs.register("SELECT", sql, handle);
        QueryCursor cursor = new QueryCursor(queryId, jobId, handle, channel, rowType, sessionZone(config),
                maxRowCount, fetchWaitMillis);
        s.statement(statementId).replaceCursor(cursor);
        Signature signature = new Signature(ResultTypes.selectColumns(rowType), sql, List.of(),
                Collections.emptyMap(), CursorFactory.LIST, StatementType.SELECT);
        // No first frame: the client's first next() fetches, so execute returns at once.
        return MetaResultSet.create(s.connectionId(), statementId, false, signature, null);
    }

    private static ZoneId sessionZone(Configuration config) {
        String zone = config.getString("table.local-time-zone");
        if (zone == null || zone.equalsIgnoreCase("default")) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }

    private MetaResultSet startInsert(ClientSession s, int statementId, String sql, StatementResult.RunJob job) {
        JobHandle handle = LocalJob.submit(job.plan(), job.config());
        String jobId = jobs.register("INSERT", job.sql(), handle);
        s.statement(statementId).replaceCursor(null);
        if (Boolean.parseBoolean(job.config().getString(DML_SYNC))) {
            awaitInsert(jobId, handle);
        }
        return textResult(s, statementId, sql, List.of("job_id", "job_name"),
                List.of(List.of(jobId, handle.jobName())));
    }

    /**
     * {@code table.dml-sync}: as in Flink's SQL client, the INSERT answers once its job has ended;
     * a failed job fails the statement with its cause. STOP JOB from another connection stops it.
     */
    private static void awaitInsert(String jobId, JobHandle handle) {
        JobResult result;
        try {
            result = handle.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeirException("Interrupted while waiting for job " + jobId + " (table.dml-sync); it keeps"
                    + " running.");
        }
        if (result.status() == JobStatus.FAILED) {
            throw new WeirException("Job " + jobId + " ('" + result.jobName() + "') failed: "
                    + Failures.message(result.failureCause()));
        }
    }

    /** A complete, all-text result set in its first frame. */
    private MetaResultSet textResult(ClientSession s, int statementId, String sql, List<String> columns,
            List<List<String>> rows) {
        s.statement(statementId).replaceCursor(null);
        List<Object> frameRows = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            frameRows.add(row.toArray());
        }
        Signature signature = new Signature(ResultTypes.textColumns(columns), sql, List.of(), Collections.emptyMap(),
                CursorFactory.LIST, StatementType.SELECT);
        return MetaResultSet.create(s.connectionId(), statementId, false, signature, Frame.create(0, true, frameRows));
    }

    // ---- metadata

    @Override
    public Map<DatabaseProperty, Object> getDatabaseProperties(ConnectionHandle ch) {
        Map<DatabaseProperty, Object> p = new EnumMap<>(DatabaseProperty.class);
        p.put(DatabaseProperty.GET_DATABASE_PRODUCT_NAME, "Weir");
        p.put(DatabaseProperty.GET_DATABASE_PRODUCT_VERSION, WeirServer.VERSION);
        p.put(DatabaseProperty.GET_DATABASE_MAJOR_VERSION, 0);
        p.put(DatabaseProperty.GET_DATABASE_MINOR_VERSION, 1);
        return p;
    }

    @Override
    public MetaResultSet getTables(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern,
            List<String> typeList) {
        ClientSession s = session(ch.id);
        List<Object> rows;
        synchronized (s) {
            rows = catalogMatches(catalog) ? MetadataRows.tables(s.session().catalog(), schemaPattern,
                    tableNamePattern, typeList) : List.of();
        }
        return metadataResult(ch, MetaTable.class, rows);
    }

    @Override
    public MetaResultSet getColumns(ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern,
            Pat columnNamePattern) {
        ClientSession s = session(ch.id);
        List<Object> rows;
        synchronized (s) {
            rows = catalogMatches(catalog) ? MetadataRows.columns(s.session().catalog(), schemaPattern,
                    tableNamePattern, columnNamePattern) : List.of();
        }
        return metadataResult(ch, MetaColumn.class, rows);
    }

    @Override
    public MetaResultSet getSchemas(ConnectionHandle ch, String catalog, Pat schemaPattern) {
        return metadataResult(ch, MetaSchema.class, catalogMatches(catalog) ? MetadataRows.schemas(schemaPattern)
                : List.of());
    }

    @Override
    public MetaResultSet getCatalogs(ConnectionHandle ch) {
        return metadataResult(ch, MetaCatalog.class, MetadataRows.catalogs());
    }

    @Override
    public MetaResultSet getTableTypes(ConnectionHandle ch) {
        return metadataResult(ch, MetaTableType.class, MetadataRows.tableTypes());
    }

    private static boolean catalogMatches(String catalog) {
        return catalog == null || catalog.isEmpty() || catalog.equals(MetadataRows.CATALOG);
    }

    private MetaResultSet metadataResult(ConnectionHandle ch, Class<?> recordClass, List<Object> rows) {
        List<ColumnMetaData> columns = fieldMetaData(recordClass).columns;
        Signature signature = new Signature(columns, "", List.of(), Collections.emptyMap(), CursorFactory.LIST,
                StatementType.SELECT);
        return MetaResultSet.create(ch.id, nextStatementId.getAndIncrement(), true, signature,
                Frame.create(0, true, rows));
    }

    /** Empty answers of the metadata methods Weir does not override (procedures, keys, ...). */
    @Override
    protected MetaResultSet createResultSet(Map<String, Object> internalParameters, List<ColumnMetaData> columns,
            CursorFactory cursorFactory, Frame firstFrame) {
        Signature signature = new Signature(columns, "", List.of(), internalParameters, CursorFactory.LIST,
                StatementType.SELECT);
        return MetaResultSet.create("", nextStatementId.getAndIncrement(), true, signature,
                Frame.create(0, true, List.of()));
    }

    private ClientSession session(String connectionId) {
        ClientSession s = sessions.get(connectionId);
        if (s == null) {
            throw new WeirException("Connection " + connectionId + " is not open on this server (it was closed, or"
                    + " the server restarted). Open a new connection.");
        }
        return s;
    }
}

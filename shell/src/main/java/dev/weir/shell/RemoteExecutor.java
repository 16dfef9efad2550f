package dev.weir.shell;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.WeirException;
import dev.weir.parser.Insert;
import dev.weir.parser.Query;
import dev.weir.parser.ResetOption;
import dev.weir.parser.Script;
import dev.weir.parser.SetOption;
import dev.weir.parser.Statement;
import dev.weir.parser.StopJob;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Terminal;

/**
 * The prompt's statements sent to a running {@code weir serve} over JDBC (the Weir driver). The
 * server holds the session (tables, SET values) and the jobs; this side parses each statement
 * only to know what it is (and to report syntax errors with their position at once), keeps the
 * shell's own settings ({@code sql-client.*}: how results are shown), and shows results: a
 * SELECT streams into the same result views as in-process, an INSERT prints its job id.
 *
 * <p>Rows are fetched by a thread of their own into a bounded queue, so the view is refreshed
 * (and table pages turned) while no row arrives; Ctrl-C cancels the statement on the server
 * ({@link java.sql.Statement#cancel()}). Leaving the shell leaves the server's jobs running.
 */
final class RemoteExecutor implements ShellExecutor {
    /** Settings of the shell itself, kept here: the server has no use for them. */
    private static final String CLIENT_PREFIX = "sql-client.";
    private static final int QUEUE_CAPACITY = 1024;
    private static final int BATCH = 256;
    private static final long POLL_MILLIS = 100;
    private static final long FETCHER_STOP_MILLIS = 10_000;
    private static final long STOP_WAIT_SECONDS = 30;
    private static final long STOP_POLL_MILLIS = 50;
    private static final Object END = new Object();

    /** The fetch thread's failure, handed to the shell thread. */
    private record Failure(SQLException error) {
    }

    /** The statement the user waits for now. */
    private static final class Running {
        final java.sql.Statement statement;
        volatile boolean cancelled;

        Running(java.sql.Statement statement) {
            this.statement = statement;
        }
    }

    private final Connection connection;
    private final PrintStream out;
    private final Terminal terminal;
    private final Map<String, String> clientSettings = new LinkedHashMap<>();
    private final AtomicReference<Running> running = new AtomicReference<>();
    private final RemoteJobWatcher jobWatcher;
    /** Between BEGIN STATEMENT SET and END: the server's session collects the INSERTs sent. */
    private boolean inStatementSet;

    /**
     * @param settings {@code --set} values: the shell's own are kept here, the rest are SET on the
     *                 server for this session
     * @param notifier prints a line above the prompt: a submitted job failed
     */
    RemoteExecutor(Connection connection, PrintStream out, Terminal terminal, Map<String, String> settings,
            java.util.function.Consumer<String> notifier) {
        this.connection = Objects.requireNonNull(connection, "connection is null");
        this.jobWatcher = new RemoteJobWatcher(connection, notifier);
        this.out = Objects.requireNonNull(out, "out is null");
        this.terminal = Objects.requireNonNull(terminal, "terminal is null");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (isClientKey(e.getKey())) {
                clientSettings.put(e.getKey(), e.getValue());
            } else {
                try (java.sql.Statement s = connection.createStatement()) {
                    s.execute("SET '" + quoted(e.getKey()) + "' = '" + quoted(e.getValue()) + "'");
                } catch (SQLException ex) {
                    throw new WeirException("--set " + e.getKey() + "=" + e.getValue() + " failed on the server: "
                            + ServerErrors.message(ex), ex);
                }
            }
        }
    }

    /** What completion knows: the tables and columns of this connection's session on the server. */
    static SqlCompleter.Schema schema(Connection connection) {
        return () -> {
            Map<String, List<String>> all = new TreeMap<>();
            try (ResultSet rs = connection.getMetaData().getColumns(null, null, "%", "%")) {
                while (rs.next()) {
                    all.computeIfAbsent(rs.getString("TABLE_NAME"), t -> new ArrayList<>())
                            .add(rs.getString("COLUMN_NAME"));
                }
            } catch (SQLException e) {
                // completion offers keywords only when the server does not answer
            }
            return all;
        };
    }

    @Override
    public void executeAll(Script script, List<Statement> statements) throws InterruptedException {
        for (Statement statement : statements) {
            try {
                execute(statement);
            } catch (SQLException e) {
                throw ServerErrors.toUserError(e, script, statement);
            }
            out.flush();
        }
    }

    private void execute(Statement statement) throws SQLException, InterruptedException {
        if (statement instanceof SetOption set && set.key() != null && isClientKey(set.key())) {
            clientSettings.put(set.key(), set.value());
            out.println("[INFO] Execute statement succeeded.");
        } else if (statement instanceof ResetOption reset && reset.key() != null && isClientKey(reset.key())) {
            clientSettings.remove(reset.key());
            out.println("[INFO] Execute statement succeeded.");
        } else if (statement instanceof Query) {
            runQuery(statement.text());
        } else if (statement instanceof dev.weir.parser.BeginStatementSet) {
            runQuietly(statement.text());
            inStatementSet = true;
            out.println("[INFO] Begin a statement set.");
        } else if (statement instanceof Insert && inStatementSet) {
            runQuietly(statement.text()); // the server's session collects it until END
            out.println("[INFO] Add SQL update statement to the statement set.");
        } else if (statement instanceof dev.weir.parser.EndStatementSet && inStatementSet) {
            inStatementSet = false; // the server closes the set at END, whether or not its job starts
            submitInsert(statement.text());
        } else if (statement instanceof Insert || statement instanceof dev.weir.parser.StatementSet) {
            submitInsert(statement.text());
        } else if (statement instanceof StopJob stop) {
            if (stop.withSavepoint()) {
                runOther(stop.text()); // the server waits for the savepoint and answers with its path
            } else {
                stopJob(stop);
            }
        } else {
            if (statement instanceof ResetOption reset && reset.key() == null) {
                clientSettings.clear();
            }
            runOther(statement.text());
        }
    }

    /** As the local shell: stops the job, then says how it ended (or that it is still stopping). */
    private void stopJob(StopJob stop) throws SQLException, InterruptedException {
        try (java.sql.Statement s = connection.createStatement()) {
            s.execute(stop.text());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
        while (true) {
            String[] job = serverJob(stop.jobId());
            if (job != null && !job[1].equals("RUNNING") && !job[1].equals("CREATED")) {
                out.println("[INFO] Job " + stop.jobId() + " ('" + job[0] + "') " + job[1] + ".");
                return;
            }
            if (System.nanoTime() > deadline) {
                out.println("[INFO] Job " + stop.jobId() + " is stopping; SHOW JOBS shows when it has stopped.");
                return;
            }
            Thread.sleep(STOP_POLL_MILLIS);
        }
    }

    /** The server's {@code [job_name, status]} of job {@code id}, or null if SHOW JOBS does not list it. */
    private String[] serverJob(String id) throws SQLException {
        try (java.sql.Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW JOBS")) {
            while (rs.next()) {
                if (id.equals(rs.getString("job_id"))) {
                    return new String[] {rs.getString("job_name"), rs.getString("status")};
                }
            }
        }
        return null;
    }

    /** DDL, SET, SHOW, DESCRIBE, EXPLAIN, SHOW JOBS: a table if the server answers with rows. */
    private void runOther(String sql) throws SQLException {
        try (java.sql.Statement s = connection.createStatement()) {
            if (!s.execute(sql)) {
                out.println("[INFO] Execute statement succeeded.");
                return;
            }
            try (ResultSet rs = s.getResultSet()) {
                ResultTable table = ResultTable.read(rs);
                if (table.columns().equals(List.of("result")) && table.rows().size() == 1) {
                    out.println(table.rows().get(0).get(0)); // EXPLAIN: the plan text as it is
                } else {
                    TablePrinter.print(table.columns(), table.rows(), out);
                }
            }
        }
    }

    /** A statement whose answer is only "done" (its message is the caller's). */
    private void runQuietly(String sql) throws SQLException {
        try (java.sql.Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** The server starts the INSERT's job in the background and answers with its id. */
    private void submitInsert(String sql) throws SQLException {
        out.println("[INFO] Submitting SQL update statement to the cluster...");
        out.flush();
        try (java.sql.Statement s = connection.createStatement()) {
            boolean rows = s.execute(sql);
            if (!rows && sql.strip().equalsIgnoreCase("END")) {
                out.println("[INFO] No statement in the statement set, skip submit.");
                return;
            }
            if (!rows) {
                throw new WeirException("The server started no job for the INSERT (it answered with an update count).");
            }
            try (ResultSet rs = s.getResultSet()) {
                if (!rs.next()) {
                    throw new WeirException("The server started no job for the INSERT (it answered with no job id).");
                }
                out.println("[INFO] SQL update statement has been successfully submitted to the cluster:");
                out.println("Job ID: " + rs.getString("job_id"));
                jobWatcher.watch(rs.getString("job_id"), rs.getString("job_name"));
            }
        }
    }

    private void runQuery(String sql) throws SQLException, InterruptedException {
        Running current = new Running(connection.createStatement());
        running.set(current);
        Thread fetcher = null;
        boolean cancelled = false;
        SQLException failure = null;
        ResultView view;
        try {
            ResultSet rs = current.statement.executeQuery(sql);
            ResultSetMetaData md = rs.getMetaData();
            view = StatementExecutor.view(format(md), clientSettings.get(StatementExecutor.RESULT_MODE),
                    clientSettings.get(StatementExecutor.MAX_TABLE_ROWS), out, terminal);
            BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
            int columns = md.getColumnCount();
            fetcher = new Thread(() -> fetch(rs, columns, queue, current), "weir-remote-fetch");
            fetcher.setDaemon(true);
            fetcher.start();
            view.begin();
            List<Object> batch = new ArrayList<>(BATCH);
            boolean ended = false;
            while (!ended) {
                if (current.cancelled) {
                    cancelled = true;
                    break;
                }
                batch.clear();
                Object first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                for (Object item : batch) {
                    if (item instanceof Row row) {
                        view.accept(row);
                    } else if (item instanceof Failure f) {
                        failure = f.error();
                        ended = true;
                    } else if (item == END) {
                        ended = true;
                    }
                }
                view.refresh();
            }
            cancelled |= current.cancelled;
        } finally {
            running.set(null);
            if (fetcher != null) {
                fetcher.interrupt();
                fetcher.join(FETCHER_STOP_MILLIS);
            }
            // closing the statement stops the query and its job on the server
            try {
                current.statement.close();
            } catch (SQLException e) {
                // the connection went away: nothing left to stop
            }
        }
        view.end(cancelled);
        if (failure != null && !cancelled) {
            throw failure;
        }
    }

    /** The fetch thread: rows into the queue until the result ends, fails or the shell stops waiting. */
    private static void fetch(ResultSet rs, int columns, BlockingQueue<Object> queue, Running current) {
        try {
            while (rs.next()) {
                queue.put(toRow(rs, columns));
            }
            queue.put(END);
        } catch (SQLException e) {
            if (!current.cancelled) {
                queue.offer(new Failure(e));
            }
        } catch (InterruptedException e) {
            // the shell stopped waiting (Ctrl-C, or it left)
        }
    }

    /** A result row: column 1 is the change kind, the others are shown as the driver renders them. */
    private static Row toRow(ResultSet rs, int columns) throws SQLException {
        RowKind kind = kind(rs.getString(1));
        Object[] values = new Object[columns - 1];
        for (int i = 2; i <= columns; i++) {
            values[i - 2] = rs.getString(i);
        }
        return Row.wrap(kind, values);
    }

    private static RowKind kind(String op) {
        for (RowKind k : RowKind.values()) {
            if (k.shortString().equals(op)) {
                return k;
            }
        }
        throw new WeirException("The server sent a row with an unknown change kind '" + op + "'.");
    }

    private static ResultFormat format(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        if (n < 1 || !"op".equals(md.getColumnLabel(1))) {
            throw new WeirException("The server's SELECT result has no 'op' column first; is this a Weir server?");
        }
        List<String> names = new ArrayList<>(n - 1);
        int[] widths = new int[n - 1];
        for (int i = 2; i <= n; i++) {
            names.add(md.getColumnLabel(i));
            widths[i - 2] = typicalWidth(md.getColumnType(i), md.getPrecision(i));
        }
        return ResultFormat.preformatted(names, widths);
    }

    /** As {@link ResultFormat#typicalWidth}, from the JDBC type, so tableau rows line up as they stream. */
    private static int typicalWidth(int jdbcType, int precision) {
        return switch (jdbcType) {
            case Types.BOOLEAN -> 5;
            case Types.TINYINT -> 4;
            case Types.SMALLINT -> 6;
            case Types.INTEGER -> 11;
            case Types.BIGINT -> 20;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> 12;
            case Types.DECIMAL, Types.NUMERIC -> Math.max(1, precision) + 2;
            case Types.DATE -> 10;
            case Types.TIME -> 12;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> 23;
            default -> 12;
        };
    }

    private static boolean isClientKey(String key) {
        return key.toLowerCase(Locale.ROOT).startsWith(CLIENT_PREFIX);
    }

    private static String quoted(String s) {
        return s.replace("'", "''");
    }

    @Override
    public boolean cancelRunningJob() {
        Running current = running.get();
        if (current == null) {
            return false;
        }
        current.cancelled = true;
        try {
            current.statement.cancel();
        } catch (SQLException | RuntimeException e) {
            // closed meanwhile: the query is over anyway
        }
        return true;
    }

    /** Stops the running query and closes the connection; INSERT jobs keep running on the server. */
    @Override
    public void cancelAll() {
        cancelRunningJob();
        jobWatcher.close();
        try {
            connection.close();
        } catch (SQLException e) {
            // leaving anyway
        }
    }
}

package dev.weir.shell;

import dev.weir.connectors.collect.CollectQueue;
import dev.weir.connectors.collect.CollectQueues;
import dev.weir.connectors.collect.CollectSinkFactory;
import dev.weir.core.Row;
import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import dev.weir.executor.runtime.LocalJob;
import dev.weir.parser.EndStatementSet;
import dev.weir.parser.Insert;
import dev.weir.parser.Query;
import dev.weir.parser.Script;
import dev.weir.parser.ShowJobs;
import dev.weir.parser.Statement;
import dev.weir.parser.StatementSet;
import dev.weir.parser.StopJob;
import dev.weir.planner.SqlSession;
import dev.weir.planner.StatementResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Terminal;

/**
 * Executes statements against one session and shows their results: tables and plans on
 * {@code out}, status lines on {@code err}. SHOW JOBS and STOP JOB act on the jobs this executor
 * started.
 *
 * <p>For a script every job runs to its end before the next statement (scripts are sequential) and
 * a SELECT prints in the print format. At the prompt ({@link #forShell}) an INSERT runs in the
 * background unless {@code table.dml-sync} is true, and a SELECT streams into a result view
 * chosen by {@code sql-client.execution.result-mode}.
 */
final class StatementExecutor implements ShellExecutor {
    static final String RESULT_MODE = "sql-client.execution.result-mode";
    static final String DML_SYNC = "table.dml-sync";
    static final String MAX_TABLE_ROWS = "sql-client.execution.max-table-result.rows";
    private static final int DEFAULT_MAX_TABLE_ROWS = 1_000_000;
    /** Rows a SELECT's job may run ahead of the view before it blocks (back-pressure). */
    private static final int RESULT_QUEUE_CAPACITY = 1024;
    private static final int BATCH = 256;
    private static final long POLL_MILLIS = 100;
    private static final long STOP_WAIT_SECONDS = 30;

    /** The job the user waits for now, and the result queue it fills (null for INSERT and scripts). */
    private static final class Running {
        final JobHandle handle;
        final CollectQueue queue;
        volatile boolean cancelled;

        Running(JobHandle handle, CollectQueue queue) {
            this.handle = handle;
            this.queue = queue;
        }
    }

    private final SqlSession session;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean showStatusMessages;
    private final boolean interactive;
    private final Terminal terminal;
    private final ShellJobs jobs;
    private final AtomicReference<Running> running = new AtomicReference<>();

    /** For scripts: every job runs to its end; status messages of DDL are shown when asked. */
    StatementExecutor(SqlSession session, PrintStream out, PrintStream err, boolean showStatusMessages) {
        this(session, out, err, showStatusMessages, false, null, new ShellJobs(err::println));
    }

    private StatementExecutor(SqlSession session, PrintStream out, PrintStream err, boolean showStatusMessages,
            boolean interactive, Terminal terminal, ShellJobs jobs) {
        this.session = Objects.requireNonNull(session, "session is null");
        this.out = Objects.requireNonNull(out, "out is null");
        this.err = Objects.requireNonNull(err, "err is null");
        this.showStatusMessages = showStatusMessages;
        this.interactive = interactive;
        this.terminal = terminal;
        this.jobs = Objects.requireNonNull(jobs, "jobs is null");
    }

    /** For the prompt: background INSERTs, live SELECT results on {@code terminal}. */
    static StatementExecutor forShell(SqlSession session, PrintStream out, Terminal terminal, ShellJobs jobs) {
        return new StatementExecutor(session, out, out, true, true, Objects.requireNonNull(terminal, "terminal is null"),
                jobs);
    }

    /** Executes every statement of a script in order. */
    @Override
    public void executeAll(Script script, List<Statement> statements) throws InterruptedException {
        for (Statement statement : statements) {
            execute(script, statement);
        }
    }

    /** Executes one statement of {@code script}; a failed job the user waited for surfaces as a {@link WeirException}. */
    void execute(Script script, Statement statement) throws InterruptedException {
        if (statement instanceof ShowJobs) {
            TablePrinter.print(ShellJobs.columns(), jobs.rows(), out);
            out.flush();
            return;
        }
        if (statement instanceof StopJob stop) {
            stopJob(stop);
            return;
        }
        StatementResult result = session.execute(statement, script);
        if (result instanceof StatementResult.Ok ok) {
            if (showStatusMessages) {
                out.println(ok.message());
            }
        } else if (result instanceof StatementResult.Table table) {
            TablePrinter.print(table.columns(), table.rows(), out);
        } else if (result instanceof StatementResult.Text text) {
            out.println(text.text());
        } else if (result instanceof StatementResult.RunJob job) {
            if (interactive && statement instanceof Query) {
                runQuery(statement, job);
            } else if (interactive && isInsert(statement) && !dmlSync(job.config())) {
                submitInBackground(statement, job);
            } else {
                runJob(statement, job);
            }
        }
        out.flush();
    }

    private void stopJob(StopJob stop) throws InterruptedException {
        if (stop.withSavepoint()) {
            stopWithSavepoint(stop);
            return;
        }
        ShellJobs.Entry entry = jobs.stop(stop.jobId(), stop.withSavepoint());
        Optional<JobResult> ended = entry.handle().await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        out.println(ended.isPresent()
                ? "[INFO] Job " + entry.id() + " ('" + entry.name() + "') " + ended.get().status() + "."
                : "[INFO] Job " + entry.id() + " ('" + entry.name() + "') is stopping.");
        out.flush();
    }

    /** Like Flink's SQL client: waits for the savepoint, then prints its path as a one-cell table. */
    private void stopWithSavepoint(StopJob stop) throws InterruptedException {
        ShellJobs.Entry entry = jobs.stop(stop.jobId(), true);
        java.nio.file.Path path;
        try {
            path = entry.handle().stopWithSavepoint().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new WeirException("STOP JOB '" + entry.id() + "' WITH SAVEPOINT failed: "
                    + failureMessage(e.getCause()), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new WeirException("Job " + entry.id() + " ('" + entry.name() + "') took no savepoint within "
                    + STOP_WAIT_SECONDS + " s; it is still asked to. SHOW JOBS shows when it stopped.");
        }
        entry.handle().await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        TablePrinter.print(List.of("savepoint path"), List.of(List.of(path.toString())), out);
        out.flush();
    }

    /** An INSERT's job: an INSERT, a statement set, or the END that submits one collected at the prompt. */
    static boolean isInsert(Statement statement) {
        return statement instanceof Insert || statement instanceof StatementSet || statement instanceof EndStatementSet;
    }

    private static boolean dmlSync(Configuration config) {
        return Boolean.parseBoolean(config.getString(DML_SYNC));
    }

    private void submitInBackground(Statement statement, StatementResult.RunJob job) {
        out.println("[INFO] Submitting SQL update statement to the cluster...");
        JobHandle handle = LocalJob.submit(job.plan(), job.config());
        ShellJobs.Entry entry = jobs.register(job.sql(), handle, true);
        out.println("[INFO] SQL update statement has been successfully submitted to the cluster:");
        out.println("Job ID: " + entry.id());
    }

    private void runJob(Statement statement, StatementResult.RunJob job) throws InterruptedException {
        JobHandle handle = LocalJob.submit(job.plan(), job.config());
        jobs.register(job.sql(), handle, false);
        running.set(new Running(handle, null));
        JobResult result;
        try {
            result = handle.await();
        } finally {
            running.set(null);
        }
        out.flush();
        err.println(JobSummary.describe(result));
        if (result.failureCause() != null) {
            throw new WeirException("Job '" + handle.jobName() + "' failed: " + failureMessage(result.failureCause()),
                    result.failureCause());
        }
    }

    /** A SELECT at the prompt: its job writes into a bounded queue that the chosen view drains. */
    private void runQuery(Statement statement, StatementResult.RunJob job) throws InterruptedException {
        Configuration config = job.config();
        ResultView view = view(new ResultFormat(job.plan().sink().outputType(), config), config);
        String resultId = UUID.randomUUID().toString();
        CollectQueue queue = new CollectQueue(RESULT_QUEUE_CAPACITY);
        CollectQueues.register(resultId, queue);
        JobHandle handle;
        try {
            handle = LocalJob.submit(CollectSinkFactory.withCollectSink(job.plan(), resultId), config);
        } catch (RuntimeException e) {
            CollectQueues.unregister(resultId);
            throw e;
        }
        jobs.register(job.sql(), handle, false);
        Running current = new Running(handle, queue);
        running.set(current);
        boolean cancelled = false;
        try {
            view.begin();
            List<Row> batch = new ArrayList<>(BATCH);
            while (true) {
                cancelled = current.cancelled;
                if (cancelled) {
                    break;
                }
                batch.clear();
                queue.take(batch, BATCH, POLL_MILLIS);
                for (int i = 0; i < batch.size(); i++) {
                    view.accept(batch.get(i));
                }
                view.refresh();
                if (batch.isEmpty() && (queue.isDone() || handle.status().isTerminal())) {
                    break;
                }
            }
        } finally {
            running.set(null);
            queue.close();
            if (cancelled) {
                handle.cancel();
            }
            CollectQueues.unregister(resultId);
        }
        JobResult result = handle.await();
        view.end(cancelled || result.status() == JobStatus.CANCELLED);
        if (result.failureCause() != null) {
            throw new WeirException("Job '" + handle.jobName() + "' failed: " + failureMessage(result.failureCause()),
                    result.failureCause());
        }
    }

    private ResultView view(ResultFormat format, Configuration config) {
        return view(format, config.getString(RESULT_MODE), config.getString(MAX_TABLE_ROWS), out, terminal);
    }

    /** The view of {@code sql-client.execution.result-mode} (null: tableau); shared with the remote shell. */
    static ResultView view(ResultFormat format, String mode, String maxTableRows, PrintStream out, Terminal terminal) {
        switch (mode == null ? "tableau" : mode.strip().toLowerCase(Locale.ROOT)) {
            case "tableau":
                return new TableauView(format, out);
            case "changelog":
                return new ChangelogView(format, out);
            case "table":
                return new MaterializedTableView(format, out, terminal, maxTableRows(maxTableRows));
            default:
                throw new WeirException("Unknown result mode '" + mode + "' in '" + RESULT_MODE
                        + "'. Use 'tableau', 'changelog' or 'table', e.g. SET '" + RESULT_MODE + "' = 'tableau';");
        }
    }

    private static int maxTableRows(String value) {
        if (value == null) {
            return DEFAULT_MAX_TABLE_ROWS;
        }
        try {
            int rows = Integer.parseInt(value.strip());
            if (rows > 0) {
                return rows;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new WeirException("'" + MAX_TABLE_ROWS + "' must be a positive number of rows, not '" + value + "'.");
    }

    static String failureMessage(Throwable cause) {
        Throwable user = ErrorReport.userError(cause);
        return user != null ? user.getMessage() : cause.toString();
    }

    /** Cancels the job the user is waiting for, if any (Ctrl-C, JVM shutdown). Returns whether there was one. */
    @Override
    public boolean cancelRunningJob() {
        Running current = running.get();
        if (current == null) {
            return false;
        }
        current.cancelled = true;
        current.handle.cancel();
        if (current.queue != null) {
            current.queue.close();
        }
        return true;
    }

    /** Cancels every job this executor started (the shell is leaving). */
    @Override
    public void cancelAll() {
        cancelRunningJob();
        jobs.cancelAll();
    }
}

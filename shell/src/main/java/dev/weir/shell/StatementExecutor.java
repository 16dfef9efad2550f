package dev.weir.shell;

import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.LocalJob;
import dev.weir.core.WeirException;
import dev.weir.parser.Script;
import dev.weir.parser.Statement;
import dev.weir.planner.SqlSession;
import dev.weir.planner.StatementResult;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Executes statements against one session and shows their results: tables and plans on
 * {@code out}, status lines on {@code err}, and runs the jobs that INSERT and SELECT produce,
 * waiting for each to end (background jobs come with the full shell).
 */
final class StatementExecutor {
    private final SqlSession session;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean showStatusMessages;
    private final AtomicReference<JobHandle> runningJob = new AtomicReference<>();

    StatementExecutor(SqlSession session, PrintStream out, PrintStream err, boolean showStatusMessages) {
        this.session = session;
        this.out = out;
        this.err = err;
        this.showStatusMessages = showStatusMessages;
    }

    /** Executes every statement of a script in order. */
    void executeAll(Script script, List<Statement> statements) throws InterruptedException {
        for (Statement statement : statements) {
            execute(script, statement);
        }
    }

    /** Executes one statement of {@code script}; a failed job surfaces as a {@link WeirException}. */
    void execute(Script script, Statement statement) throws InterruptedException {
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
            runJob(job);
        }
        out.flush();
    }

    private void runJob(StatementResult.RunJob job) throws InterruptedException {
        JobHandle handle = LocalJob.submit(job.plan(), job.config());
        runningJob.set(handle);
        JobResult result;
        try {
            result = handle.await();
        } finally {
            runningJob.set(null);
        }
        out.flush();
        err.println(JobSummary.describe(result));
        if (result.failureCause() != null) {
            throw new WeirException("Job '" + handle.jobName() + "' failed: " + failureMessage(result.failureCause()),
                    result.failureCause());
        }
    }

    private static String failureMessage(Throwable cause) {
        Throwable user = ErrorReport.userError(cause);
        return user != null ? user.getMessage() : cause.toString();
    }

    /** Cancels the job now running, if any (Ctrl-C, JVM shutdown). Returns whether there was one. */
    boolean cancelRunningJob() {
        JobHandle handle = runningJob.get();
        if (handle == null) {
            return false;
        }
        handle.cancel();
        return true;
    }
}

package dev.weir.shell;

import dev.weir.parser.Script;
import dev.weir.parser.Statement;
import java.util.List;

/**
 * What the prompt runs statements with: an in-process session ({@link StatementExecutor}) or a
 * running {@code weir serve} over JDBC ({@link RemoteExecutor}).
 */
interface ShellExecutor {

    /** Executes every statement of a script in order; a failure stops at that statement. */
    void executeAll(Script script, List<Statement> statements) throws InterruptedException;

    /** Cancels the query or job the user waits for now, if any (Ctrl-C). Returns whether there was one. */
    boolean cancelRunningJob();

    /** The shell is leaving: stops what must not outlive it and releases what it holds. */
    void cancelAll();
}

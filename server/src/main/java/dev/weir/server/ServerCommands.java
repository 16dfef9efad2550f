package dev.weir.server;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements the server answers itself, recognised from the text before the SQL parser sees it
 * (the parser knows only engine statements):
 * <ul>
 *   <li>{@code SHOW JOBS} — the server's jobs;</li>
 *   <li>{@code STOP JOB 'id' [WITH SAVEPOINT]} — cancels one, or stops it with a savepoint;</li>
 *   <li>{@code CANCEL STATEMENT n} — stops the query of statement {@code n} of the same
 *       connection; the Weir driver sends it for {@code Statement.cancel()} and query timeouts.</li>
 * </ul>
 */
final class ServerCommands {
    private static final Pattern SHOW_JOBS = Pattern.compile("(?is)\\s*SHOW\\s+JOBS\\s*;?\\s*");
    private static final Pattern STOP_JOB =
            Pattern.compile("(?is)\\s*STOP\\s+JOB\\s+'([^']*)'(\\s+WITH\\s+SAVEPOINT)?\\s*;?\\s*");
    private static final Pattern CANCEL_STATEMENT = Pattern.compile("(?is)\\s*CANCEL\\s+STATEMENT\\s+(\\d+)\\s*;?\\s*");

    /** A recognised command. */
    sealed interface Command {
    }

    record ShowJobs() implements Command {
    }

    record StopJob(String jobId, boolean withSavepoint) implements Command {
    }

    record CancelStatement(int statementId) implements Command {
    }

    private ServerCommands() {
    }

    static Optional<Command> recognise(String sql) {
        if (SHOW_JOBS.matcher(sql).matches()) {
            return Optional.of(new ShowJobs());
        }
        Matcher m = STOP_JOB.matcher(sql);
        if (m.matches()) {
            return Optional.of(new StopJob(m.group(1), m.group(2) != null));
        }
        m = CANCEL_STATEMENT.matcher(sql);
        if (m.matches()) {
            return Optional.of(new CancelStatement(Integer.parseInt(m.group(1))));
        }
        return Optional.empty();
    }
}

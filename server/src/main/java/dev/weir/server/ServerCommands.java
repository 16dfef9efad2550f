package dev.weir.server;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements the server answers itself, recognised from the text before the SQL parser sees it
 * (the parser knows only engine statements):
 * <ul>
 *   <li>{@code SHOW JOBS} — the server's jobs;</li>
 *   <li>{@code STOP JOB 'id' [WITH SAVEPOINT [TO 'dir']]} — cancels one, or stops it with a
 *       savepoint (into {@code dir} instead of the job's {@code execution.checkpointing.savepoint-dir});</li>
 *   <li>{@code SAVEPOINT JOB 'id' [TO 'dir']} — a savepoint of a running job, which goes on
 *       ({@code weir savepoint JOB [DIR]}, as Flink's {@code flink savepoint});</li>
 *   <li>{@code CANCEL STATEMENT n} — stops the query of statement {@code n} of the same
 *       connection; the Weir driver sends it for {@code Statement.cancel()} and query timeouts.</li>
 * </ul>
 * A directory is a SQL string literal ({@code ''} for a quote inside it).
 */
final class ServerCommands {
    private static final String DIRECTORY = "(?:\\s+TO\\s+'((?:[^']|'')*)')?";
    private static final Pattern SHOW_JOBS = Pattern.compile("(?is)\\s*SHOW\\s+JOBS\\s*;?\\s*");
    private static final Pattern STOP_JOB = Pattern.compile(
            "(?is)\\s*STOP\\s+JOB\\s+'([^']*)'(?:(\\s+WITH\\s+SAVEPOINT)" + DIRECTORY + ")?\\s*;?\\s*");
    private static final Pattern SAVEPOINT_JOB =
            Pattern.compile("(?is)\\s*SAVEPOINT\\s+JOB\\s+'([^']*)'" + DIRECTORY + "\\s*;?\\s*");
    private static final Pattern CANCEL_STATEMENT = Pattern.compile("(?is)\\s*CANCEL\\s+STATEMENT\\s+(\\d+)\\s*;?\\s*");

    /** A recognised command. */
    sealed interface Command {
    }

    record ShowJobs() implements Command {
    }

    /** @param directory where the savepoint goes, null for the job's configured savepoint directory */
    record StopJob(String jobId, boolean withSavepoint, String directory) implements Command {
        StopJob(String jobId, boolean withSavepoint) {
            this(jobId, withSavepoint, null);
        }
    }

    /** @param directory where the savepoint goes, null for the job's configured savepoint directory */
    record TriggerSavepoint(String jobId, String directory) implements Command {
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
            return Optional.of(new StopJob(m.group(1), m.group(2) != null, unquote(m.group(3))));
        }
        m = SAVEPOINT_JOB.matcher(sql);
        if (m.matches()) {
            return Optional.of(new TriggerSavepoint(m.group(1), unquote(m.group(2))));
        }
        m = CANCEL_STATEMENT.matcher(sql);
        if (m.matches()) {
            return Optional.of(new CancelStatement(Integer.parseInt(m.group(1))));
        }
        return Optional.empty();
    }

    /** The body of a SQL string literal, or null. */
    private static String unquote(String literal) {
        return literal == null ? null : literal.replace("''", "'");
    }
}

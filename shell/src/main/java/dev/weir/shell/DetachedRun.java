package dev.weir.shell;

import dev.weir.core.WeirException;
import dev.weir.parser.Insert;
import dev.weir.parser.Query;
import dev.weir.parser.Script;
import dev.weir.parser.Statement;
import dev.weir.parser.StatementSet;
import dev.weir.parser.StopJob;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code weir run FILE.sql --detached --endpoint HOST:PORT}: the script's statements go, in order,
 * to one session of a running {@code weir serve}; DDL and SET take effect there, and each INSERT
 * becomes a background job of the server whose id is printed. Nothing waits for a job.
 *
 * <p>The script is parsed here first, so a syntax error anywhere stops it before anything is
 * sent; a statement the server refuses stops the run with its position in the script (jobs
 * submitted before it keep running).
 */
final class DetachedRun {
    private final Connection connection;
    private final PrintStream out;
    private final PrintStream err;
    private final List<String> jobIds = new ArrayList<>();

    DetachedRun(Connection connection, PrintStream out, PrintStream err) {
        this.connection = Objects.requireNonNull(connection, "connection is null");
        this.out = Objects.requireNonNull(out, "out is null");
        this.err = Objects.requireNonNull(err, "err is null");
    }

    /** Refuses what a detached run cannot do, before anything is sent. */
    static void check(Script script, List<Statement> statements) {
        for (Statement s : statements) {
            if (s instanceof Query) {
                throw new dev.weir.parser.SqlException(script, s.position(), "A SELECT has nowhere to show its rows"
                        + " in a detached run; remove it, or run the script without --detached.");
            }
            if (s instanceof StopJob stop && stop.withSavepoint()) {
                throw new dev.weir.parser.SqlException(script, s.position(), "STOP JOB ... WITH SAVEPOINT is not"
                        + " supported over --endpoint yet; STOP JOB '" + stop.jobId() + "' cancels the job.");
            }
        }
    }

    /** SET on the server's session, as {@code SET 'k' = 'v'} in the script would. */
    void set(Map<String, String> settings) {
        for (Map.Entry<String, String> e : settings.entrySet()) {
            try (java.sql.Statement s = connection.createStatement()) {
                s.execute("SET '" + e.getKey().replace("'", "''") + "' = '" + e.getValue().replace("'", "''") + "'");
            } catch (SQLException ex) {
                throw new WeirException("--set " + e.getKey() + "=" + e.getValue() + " was refused by the server: "
                        + ServerErrors.message(ex), ex);
            }
        }
    }

    /** Sends every statement of {@code script} in order; the first refused one ends the run. */
    void submitAll(Script script, List<Statement> statements) {
        for (Statement statement : statements) {
            try {
                if (statement instanceof StatementSet set) {
                    submitStatementSet(script, set);
                } else {
                    submit(statement);
                }
            } catch (SQLException e) {
                throw ServerErrors.toUserError(e, script, statement);
            }
        }
    }

    /** The ids of the jobs submitted so far, in order. */
    List<String> jobIds() {
        return List.copyOf(jobIds);
    }

    /**
     * A script's {@code BEGIN STATEMENT SET; …; END;} block goes as the prompt would send it, one
     * statement at a time (the server's session collects the INSERTs until END); an
     * {@code EXECUTE STATEMENT SET} goes whole, as written.
     */
    private void submitStatementSet(Script script, StatementSet set) throws SQLException {
        if (set.text().regionMatches(true, 0, "EXECUTE", 0, 7)) {
            submitSet(set.text(), set);
            return;
        }
        try (java.sql.Statement s = connection.createStatement()) {
            s.execute("BEGIN STATEMENT SET");
        }
        for (Insert insert : set.inserts()) {
            try (java.sql.Statement s = connection.createStatement()) {
                s.execute(insert.text());
            } catch (SQLException e) {
                throw ServerErrors.toUserError(e, script, insert);
            }
        }
        submitSet("END", set);
    }

    private void submitSet(String sql, StatementSet set) throws SQLException {
        try (java.sql.Statement s = connection.createStatement()) {
            String[] job = job(s, s.execute(sql));
            jobIds.add(job[0]);
            out.println("Job ID: " + job[0]);
            out.flush();
            List<String> tables = new ArrayList<>();
            for (Insert insert : set.inserts()) {
                tables.add(insert.table());
            }
            err.println("[INFO] The statement set INSERT INTO " + String.join(", ", tables) + " runs on the server "
                    + "as job " + job[0] + " ('" + job[1] + "').");
        }
    }

    private void submit(Statement statement) throws SQLException {
        try (java.sql.Statement s = connection.createStatement()) {
            boolean rows = s.execute(statement.text());
            if (statement instanceof Insert insert) {
                String[] job = job(s, rows);
                jobIds.add(job[0]);
                out.println("Job ID: " + job[0]);
                out.flush();
                err.println("[INFO] INSERT INTO " + insert.table() + " runs on the server as job " + job[0]
                        + " ('" + job[1] + "').");
            } else if (rows) {
                try (ResultSet rs = s.getResultSet()) {
                    printTable(rs);
                }
            }
        }
    }

    private static String[] job(java.sql.Statement s, boolean rows) throws SQLException {
        if (rows) {
            try (ResultSet rs = s.getResultSet()) {
                if (rs.next()) {
                    return new String[] {rs.getString("job_id"), rs.getString("job_name")};
                }
            }
        }
        throw new WeirException("The server answered the INSERT without a job id; is it a Weir server?");
    }

    private void printTable(ResultSet rs) throws SQLException {
        ResultTable table = ResultTable.read(rs);
        TablePrinter.print(table.columns(), table.rows(), out);
        out.flush();
    }
}

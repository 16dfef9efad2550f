package dev.weir.server.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.AvaticaStatement;

/**
 * What a Weir statement adds to Avatica's: stopping the server-side query (Avatica's protocol
 * has no cancel message, so the driver sends {@code CANCEL STATEMENT n}, which the server
 * recognises), the query timeout (a timer that does the same and turns the end of the result
 * into {@link SQLTimeoutException}), and the job id of an INSERT as its generated key.
 */
final class QueryControl {
    /** Statements that carry a {@link QueryControl}. */
    interface Controlled {
        QueryControl control();
    }

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "weir-jdbc-query-timeout");
        t.setDaemon(true);
        return t;
    });

    private final AvaticaStatement statement;
    private final Runnable clientCancel;
    private final Runnable clearClientCancel;
    private volatile boolean timedOut;
    private ScheduledFuture<?> timer;
    private ResultSet generatedKeys;
    private SQLWarning warning;

    /**
     * {@code clientCancel} is Avatica's own cancel, which flags the statement on the client;
     * {@code clearClientCancel} lowers that flag again (Avatica never does, which would leave a
     * statement unusable after one cancel or timeout).
     */
    QueryControl(AvaticaStatement statement, Runnable clientCancel, Runnable clearClientCancel) {
        this.statement = statement;
        this.clientCancel = clientCancel;
        this.clearClientCancel = clearClientCancel;
    }

    /** A result set opened: a new execution, so no cancel applies, and the query timeout starts now. */
    synchronized void resultSetOpened() throws SQLException {
        stopTimer();
        timedOut = false;
        clearClientCancel.run();
        int seconds = statement.getQueryTimeout();
        if (seconds > 0) {
            timer = TIMER.schedule(this::timeOut, seconds, TimeUnit.SECONDS);
        }
    }

    /** The result set ended or closed: no timeout any more. */
    synchronized void resultSetEnded() {
        stopTimer();
    }

    private void stopTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void timeOut() {
        timedOut = true;
        try {
            statement.cancel();
        } catch (SQLException | RuntimeException e) {
            // The statement or connection closed meanwhile: then there is nothing left to stop.
        }
    }

    /** Cancel: flag the client side, then stop the query and its job on the server. */
    void cancel() throws SQLException {
        clientCancel.run();
        stopOnServer();
    }

    /** Stops the statement's query and its job on the server, if one is open. */
    void stopOnServer() throws SQLException {
        if (statement.isClosed() || statement.connection.isClosed()) {
            return;
        }
        try (Statement s = statement.connection.createStatement()) {
            s.execute("CANCEL STATEMENT " + statement.getId());
        }
    }

    /** After the end of a result set or an error from it: a timeout becomes the error to report. */
    void checkTimedOut(SQLException cause) throws SQLTimeoutException {
        if (timedOut) {
            throw new SQLTimeoutException("The query timed out after " + timeoutSeconds() + " s (setQueryTimeout);"
                    + " the server stopped it and its job.", "HYT00", cause);
        }
    }

    private int timeoutSeconds() {
        try {
            return statement.getQueryTimeout();
        } catch (SQLException e) {
            return 0;
        }
    }

    /**
     * After executeUpdate: an INSERT answers with its job ({@code job_id}, {@code job_name}),
     * which becomes the generated keys; anything else has none. Returns the update count.
     */
    synchronized long afterUpdate(ResultSet result, long updateCount) throws SQLException {
        generatedKeys = null;
        warning = null;
        if (result != null && result.getMetaData().getColumnCount() >= 1
                && "job_id".equals(result.getMetaData().getColumnLabel(1))) {
            generatedKeys = result;
            warning = new SQLWarning("The INSERT runs in the background as a job; getGeneratedKeys() returns its"
                    + " job_id, SHOW JOBS lists it and STOP JOB 'id' stops it.");
        }
        return Math.max(0, updateCount);
    }

    synchronized ResultSet generatedKeys() throws SQLException {
        if (generatedKeys == null) {
            throw new SQLException("The last statement started no job, so it has no generated keys; only INSERT"
                    + " INTO has (its job_id).");
        }
        return generatedKeys;
    }

    synchronized SQLWarning warning() {
        return warning;
    }

    synchronized void clearWarning() {
        warning = null;
    }
}

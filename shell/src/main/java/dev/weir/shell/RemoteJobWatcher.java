package dev.weir.shell;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Reports a failure of a job the remote shell submitted when it happens, as the local shell does:
 * the server has no push message, so while such jobs run a daemon thread asks {@code SHOW JOBS}
 * once a second and tells {@code notifier} about each that failed, with its cause.
 */
final class RemoteJobWatcher {
    private static final long POLL_MILLIS = 1000;

    private final Connection connection;
    private final Consumer<String> notifier;
    /** Job id → job name, of the jobs not seen ended yet. */
    private final Map<String, String> watched = new ConcurrentHashMap<>();
    private Thread thread;
    private volatile boolean closed;

    RemoteJobWatcher(Connection connection, Consumer<String> notifier) {
        this.connection = Objects.requireNonNull(connection, "connection is null");
        this.notifier = Objects.requireNonNull(notifier, "notifier is null");
    }

    synchronized void watch(String jobId, String jobName) {
        watched.put(jobId, jobName);
        if (thread == null || !thread.isAlive()) {
            thread = new Thread(this::run, "weir-remote-job-watcher");
            thread.setDaemon(true);
            thread.start();
        }
    }

    void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        while (!closed) {
            synchronized (this) {
                if (watched.isEmpty()) {
                    thread = null;
                    return;
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
                poll();
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                if (closed || isClosed()) {
                    return;
                }
                // the server did not answer this time; ask again
            }
        }
    }

    private boolean isClosed() {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private void poll() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW JOBS")) {
            while (rs.next()) {
                String id = rs.getString("job_id");
                String status = rs.getString("status");
                if (!watched.containsKey(id) || status.equals("RUNNING")) {
                    continue;
                }
                String name = watched.remove(id);
                if (status.equals("FAILED") && !closed) {
                    String failure = rs.getString("failure");
                    notifier.accept("[ERROR] Job " + id + " ('" + name + "') failed: "
                            + (failure == null ? "unknown cause" : failure));
                }
            }
        }
    }
}

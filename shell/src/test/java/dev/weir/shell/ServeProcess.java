package dev.weir.shell;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

/** A {@code weir serve} in a child JVM from the packaged jar, on a free port, up when {@link #start} returns. */
final class ServeProcess implements AutoCloseable {
    private final ChildRun child;
    private final int port;
    private final Properties credentials;

    private ServeProcess(ChildRun child, int port, Properties credentials) {
        this.child = child;
        this.port = port;
        this.credentials = credentials;
    }

    /** {@code weir serve --port P ARGS...}; with {@code --token T} among the args, connections pass it. */
    static ServeProcess start(Path workDir, String name, String... args) throws Exception {
        int port = freePort();
        // checkpoints and savepoints in the test's directory, not in ~/.weir
        List<String> command = new ArrayList<>(List.of("serve", "--port", Integer.toString(port), "--set",
                "execution.checkpointing.dir=" + workDir.resolve("checkpoints-" + name)));
        command.addAll(List.of(args));
        Properties credentials = new Properties();
        int token = command.indexOf("--token");
        if (token >= 0) {
            credentials.setProperty("token", command.get(token + 1));
        }
        ServeProcess server = new ServeProcess(ChildRun.start(command, null, workDir, name), port, credentials);
        server.awaitUp(Duration.ofSeconds(90));
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitUp(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Connection c = connect()) {
                return;
            } catch (SQLNonTransientConnectionException notYet) {
                if (!child.isAlive() || System.nanoTime() > deadline) {
                    child.kill();
                    throw new AssertionError("weir serve did not come up within " + timeout + ": " + child.describe());
                }
                LockSupport.parkNanos(100_000_000);
            }
        }
    }

    String endpoint() {
        return "127.0.0.1:" + port;
    }

    String jdbcUrl() {
        return "jdbc:weir://" + endpoint();
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), credentials);
    }

    /** SHOW JOBS over JDBC: job id → status. */
    java.util.Map<String, String> jobStatuses() throws SQLException {
        java.util.Map<String, String> statuses = new java.util.LinkedHashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW JOBS")) {
            while (rs.next()) {
                statuses.put(rs.getString("job_id"), rs.getString("status"));
            }
        }
        return statuses;
    }

    /** Waits (bounded) until SHOW JOBS gives job {@code id} the status {@code expected}. */
    void awaitJobStatus(String id, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String status = jobStatuses().get(id);
            if (expected.equals(status)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " is " + status + ", not " + expected + ", after 60 s; jobs: "
                        + jobStatuses());
            }
            LockSupport.parkNanos(50_000_000);
        }
    }

    String describe() {
        return child.describe();
    }

    @Override
    public void close() throws InterruptedException {
        child.kill();
    }
}

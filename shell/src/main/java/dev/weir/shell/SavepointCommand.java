package dev.weir.shell;

import dev.weir.core.WeirException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code weir savepoint JOB [DIR] --endpoint HOST:PORT}: a savepoint of a running job of a
 * {@code weir serve}, which goes on running (as Flink's {@code flink savepoint <jobId> [targetDirectory]});
 * prints the savepoint's path, for {@code weir run --from-savepoint PATH}.
 */
@Command(name = "savepoint", mixinStandardHelpOptions = true,
        description = "Take a savepoint of a job of a running 'weir serve' and print its path; the job goes on.")
final class SavepointCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB", description = "The job id, as SHOW JOBS lists it.")
    String jobId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", description = "Where the savepoint goes (as"
            + " DIR/savepoint-<job>-<n>), instead of the job's execution.checkpointing.savepoint-dir; a directory on"
            + " the server's machine, which must lie under one of its --allow-path directories.")
    String directory;

    @Mixin
    EndpointOptions endpoint = new EndpointOptions();

    @Override
    public Integer call() {
        if (!endpoint.remote()) {
            throw new WeirException("weir savepoint needs --endpoint HOST:PORT, where the job's 'weir serve' listens."
                    + " (A job at the prompt stops with a savepoint with STOP JOB 'id' WITH SAVEPOINT.)");
        }
        String sql = "SAVEPOINT JOB " + literal(jobId) + targetClause(directory);
        System.out.println(run(endpoint, sql, null));
        return 0;
    }

    /** {@code  TO 'DIR'} with DIR made absolute here (the server resolves paths in its own directory), or "". */
    static String targetClause(String directory) {
        if (directory == null || directory.isBlank()) {
            return "";
        }
        try {
            return " TO " + literal(Path.of(directory.strip()).toAbsolutePath().normalize().toString());
        } catch (InvalidPathException e) {
            throw new WeirException("'" + directory + "' is not a valid directory: " + e.getMessage());
        }
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** Sends one server command; returns the first column of its first row, or {@code noRows} without a result. */
    static String run(EndpointOptions endpoint, String sql, String noRows) {
        try (Connection connection = endpoint.connect(); Statement statement = connection.createStatement()) {
            if (statement.execute(sql)) {
                try (ResultSet rs = statement.getResultSet()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
            }
            return noRows;
        } catch (SQLException e) {
            throw new WeirException(ServerErrors.message(e), e);
        }
    }
}

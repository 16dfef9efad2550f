package dev.weir.shell;

import dev.weir.core.WeirException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code weir stop JOB --endpoint HOST:PORT [--savepoint]}: stops a job of a running
 * {@code weir serve} (as {@code STOP JOB 'id' [WITH SAVEPOINT]} at its prompt would) and prints
 * the savepoint's path when one was taken.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop a job of a running 'weir serve', optionally with a savepoint (printed).")
final class StopCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB", description = "The job id, as SHOW JOBS lists it.")
    String jobId;

    @Option(names = "--savepoint", description = "Take a savepoint and commit the output up to it, then stop; the"
            + " savepoint goes to the job's execution.checkpointing.savepoint-dir.")
    boolean savepoint;

    @Mixin
    EndpointOptions endpoint = new EndpointOptions();

    @Override
    public Integer call() {
        if (!endpoint.remote()) {
            throw new WeirException("weir stop needs --endpoint HOST:PORT, where the job's 'weir serve' listens. (A"
                    + " job of 'weir run' stops with Ctrl-C; one at the prompt with STOP JOB.)");
        }
        String sql = "STOP JOB '" + jobId.replace("'", "''") + "'" + (savepoint ? " WITH SAVEPOINT" : "");
        try (Connection connection = endpoint.connect(); Statement statement = connection.createStatement()) {
            if (statement.execute(sql)) {
                try (ResultSet rs = statement.getResultSet()) {
                    if (rs.next()) {
                        System.out.println(rs.getString(1));
                    }
                }
            } else {
                System.out.println("Job " + jobId + " is stopping.");
            }
        } catch (SQLException e) {
            throw new WeirException(ServerErrors.message(e), e);
        }
        return 0;
    }
}

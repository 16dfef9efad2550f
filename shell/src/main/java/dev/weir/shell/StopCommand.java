package dev.weir.shell;

import dev.weir.core.WeirException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code weir stop JOB [--savepoint [DIR]] --endpoint HOST:PORT}: stops a job of a running
 * {@code weir serve} (as {@code STOP JOB 'id' [WITH SAVEPOINT]} at its prompt would) and prints
 * the savepoint's path when one was taken.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop a job of a running 'weir serve', optionally with a savepoint (printed).")
final class StopCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB", description = "The job id, as SHOW JOBS lists it.")
    String jobId;

    @Option(names = "--savepoint", arity = "0..1", paramLabel = "DIR",
            description = "Take a savepoint and commit the output up to it, then stop. It goes to DIR (as"
                    + " DIR/savepoint-<job>-<n>, a directory on the server's machine under one of its --allow-path"
                    + " directories) or, without DIR, to the job's execution.checkpointing.savepoint-dir.")
    String savepoint;

    @Mixin
    EndpointOptions endpoint = new EndpointOptions();

    @Override
    public Integer call() {
        if (!endpoint.remote()) {
            throw new WeirException("weir stop needs --endpoint HOST:PORT, where the job's 'weir serve' listens. (A"
                    + " job of 'weir run' stops with Ctrl-C; one at the prompt with STOP JOB.)");
        }
        String sql = "STOP JOB " + SavepointCommand.literal(jobId)
                + (savepoint == null ? "" : " WITH SAVEPOINT" + SavepointCommand.targetClause(savepoint));
        System.out.println(SavepointCommand.run(endpoint, sql, "Job " + jobId + " is stopping."));
        return 0;
    }
}

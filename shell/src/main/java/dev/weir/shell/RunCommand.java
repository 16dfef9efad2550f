package dev.weir.shell;

import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import dev.weir.planner.SqlSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code weir run FILE.sql}: parses the whole script first (so a syntax error anywhere stops
 * it before anything runs), then executes its statements in order, waiting for each job.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a SQL script.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.sql", description = "The script to run.")
    Path script;

    @Option(names = {"-i", "--init"}, paramLabel = "init.sql", description = "A script to run first (DDL, SET).")
    Path initScript;

    @Option(names = "--from-checkpoint", paramLabel = "PATH",
            description = "Resume from this checkpoint (a chk-N directory) instead of the latest one.")
    String fromCheckpoint;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "Resume from this savepoint (a savepoint-<job>-N directory written by STOP JOB ... WITH"
                    + " SAVEPOINT).")
    String fromSavepoint;

    @Option(names = "--allow-non-restored-state",
            description = "Resume even if the checkpoint or savepoint holds state of operators the query no longer"
                    + " has; that state is dropped.")
    boolean allowNonRestoredState;

    @Option(names = "--detached",
            description = "Submit the script to the server of --endpoint and exit: DDL and SET run there, each INSERT"
                    + " becomes a background job of the server (its id is printed); nothing waits for the jobs.")
    boolean detached;

    @Mixin
    SessionOptions sessionOptions = new SessionOptions();

    @Mixin
    EndpointOptions endpoint = new EndpointOptions();

    @Override
    public Integer call() throws Exception {
        if (fromCheckpoint != null && fromSavepoint != null) {
            throw new WeirException("Give either --from-checkpoint or --from-savepoint, not both.");
        }
        if (detached || endpoint.remote()) {
            return submitDetached();
        }
        return runScript(script, initScript, fromCheckpoint != null ? fromCheckpoint : fromSavepoint,
                allowNonRestoredState, sessionOptions);
    }

    /** {@code --detached --endpoint}: parse everything, then send it to the server and print the job ids. */
    private int submitDetached() {
        if (!detached) {
            throw new WeirException("--endpoint with weir run needs --detached: the script's INSERTs become jobs of the"
                    + " server and the command exits at once (add --detached).");
        }
        if (!endpoint.remote()) {
            throw new WeirException("--detached submits the script to a running 'weir serve': add --endpoint"
                    + " HOST:PORT (e.g. --endpoint 127.0.0.1:8765).");
        }
        if (allowNonRestoredState) {
            throw new WeirException("--allow-non-restored-state is not supported with --detached; use SET"
                    + " 'execution.state-recovery.ignore-unclaimed-state' = 'true'; in the script.");
        }
        Script init = initScript == null ? null : read(initScript);
        List<Statement> initStatements = init == null ? List.of() : ScriptParser.parse(init);
        Script main = read(script);
        List<Statement> mainStatements = ScriptParser.parse(main);
        if (init != null) {
            DetachedRun.check(init, initStatements);
        }
        DetachedRun.check(main, mainStatements);
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>(sessionOptions.settings);
        String recovery = fromCheckpoint != null ? fromCheckpoint : fromSavepoint;
        if (recovery != null) {
            settings.put("execution.state-recovery.path", recovery);
        }
        try (java.sql.Connection connection = endpoint.connect()) {
            DetachedRun run = new DetachedRun(connection, System.out, System.err);
            run.set(settings);
            if (init != null) {
                run.submitAll(init, initStatements);
            }
            run.submitAll(main, mainStatements);
            System.err.println("[INFO] Submitted " + run.jobIds().size() + (run.jobIds().size() == 1 ? " job" : " jobs")
                    + " to " + endpoint.jdbcUrl() + "; SHOW JOBS lists them, STOP JOB 'id' stops one.");
        } catch (java.sql.SQLException e) {
            // closing the connection failed: the statements were sent already
            System.err.println("[WARN] Closing the connection failed: " + e.getMessage());
        }
        return 0;
    }

    /** Runs {@code script} after {@code initScript} (may be null); {@code weir -f} comes here too. */
    static int runScript(Path script, Path initScript, String fromCheckpoint, SessionOptions sessionOptions)
            throws InterruptedException {
        return runScript(script, initScript, fromCheckpoint, false, sessionOptions);
    }

    /** As above; {@code allowNonRestoredState} sets {@code execution.state-recovery.ignore-unclaimed-state}. */
    static int runScript(Path script, Path initScript, String fromCheckpoint, boolean allowNonRestoredState,
            SessionOptions sessionOptions) throws InterruptedException {
        Configuration config = sessionOptions.configuration();
        if (fromCheckpoint != null) {
            config = config.with("execution.state-recovery.path", fromCheckpoint);
        }
        if (allowNonRestoredState) {
            config = config.with("execution.state-recovery.ignore-unclaimed-state", "true");
        }
        // parse everything before running anything: a syntax error anywhere stops the run
        Script init = initScript == null ? null : read(initScript);
        List<Statement> initStatements = init == null ? List.of() : ScriptParser.parse(init);
        Script main = read(script);
        List<Statement> mainStatements = ScriptParser.parse(main);

        StatementExecutor executor = new StatementExecutor(new SqlSession(config), System.out, System.err, false);
        Thread cancelOnExit = new Thread(executor::cancelRunningJob, "weir-shutdown");
        Runtime.getRuntime().addShutdownHook(cancelOnExit);
        if (init != null) {
            executor.executeAll(init, initStatements);
        }
        executor.executeAll(main, mainStatements);
        Runtime.getRuntime().removeShutdownHook(cancelOnExit);
        return 0;
    }

    static Script read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new WeirException("Script not found: " + file);
        } catch (IOException e) {
            throw new WeirException("Cannot read script " + file + ": " + e.getMessage(), e);
        }
        return new Script(file.toString(), text);
    }
}

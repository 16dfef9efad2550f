package dev.weir.shell;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code weir} command. Without a subcommand it opens the SQL prompt ({@code -i init.sql} runs a
 * script first); {@code weir run FILE.sql} or {@code weir -f FILE.sql} runs a script;
 * {@code weir explain FILE.sql} prints the plans of a script's queries.
 */
@Command(name = "weir", mixinStandardHelpOptions = true, version = "weir 0.1.0",
        description = "A streaming SQL engine that speaks Flink SQL.",
        subcommands = {RunCommand.class, ExplainCommand.class, ShellCommand.class, ServeCommand.class,
                StopCommand.class, SavepointCommand.class})
public final class WeirCli implements Callable<Integer> {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE.sql", description = "Run this script, as weir run does.")
    private Path file;

    @Option(names = {"-i", "--init"}, paramLabel = "init.sql",
            description = "A script to run first (DDL, SET), before the prompt or the -f script.")
    private Path initScript;

    @CommandLine.Mixin
    private SessionOptions sessionOptions = new SessionOptions();

    @Override
    public Integer call() throws InterruptedException {
        if (file != null) {
            return RunCommand.runScript(file, initScript, null, sessionOptions);
        }
        ShellCommand.openPrompt(sessionOptions, initScript);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs the CLI with the given streams and returns the exit code; {@link #main} alone exits. */
    static int execute(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new WeirCli());
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println(ErrorReport.describe(e, SessionOptions.verboseRequested(parseResult)));
            return 1;
        });
        return cli.execute(args);
    }
}

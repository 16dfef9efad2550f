package dev.weir.shell;

import dev.weir.parser.Script;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weir shell} (and {@code weir} alone): the SQL prompt. Statements may span lines and end
 * with {@code ;}; Ctrl-C cancels a running query, Ctrl-D or QUIT leaves. With
 * {@code --endpoint HOST:PORT} the statements run on that {@code weir serve}, over JDBC.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, description = "Open the interactive SQL prompt.")
final class ShellCommand implements Callable<Integer> {

    @Option(names = {"-i", "--init"}, paramLabel = "init.sql", description = "A script to run before the prompt (DDL, SET).")
    Path initScript;

    @Mixin
    SessionOptions sessionOptions = new SessionOptions();

    @Mixin
    EndpointOptions endpoint = new EndpointOptions();

    @Override
    public Integer call() throws InterruptedException {
        if (endpoint.remote()) {
            openRemotePrompt(sessionOptions, initScript, endpoint);
        } else {
            openPrompt(sessionOptions, initScript);
        }
        return 0;
    }

    /** The prompt against a running {@code weir serve}: statements and jobs live on the server. */
    static void openRemotePrompt(SessionOptions options, Path initScript, EndpointOptions endpoint)
            throws InterruptedException {
        List<Script> init = new ArrayList<>();
        if (initScript != null) {
            init.add(RunCommand.read(initScript));
        }
        // connect before the terminal opens: a wrong address or password ends here, with its message
        java.sql.Connection connection = endpoint.connect();
        try (Terminal terminal = openTerminal()) {
            new InteractiveShell(terminal, history(), options.verbose, (out, term, notifier) -> {
                out.println("[INFO] Connected to " + endpoint.jdbcUrl() + ": statements run on that server;"
                        + " its jobs outlive this shell.");
                return new InteractiveShell.Backend(new RemoteExecutor(connection, out, term, options.settings, notifier),
                        RemoteExecutor.schema(connection));
            }).run(init);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                connection.close();
            } catch (java.sql.SQLException e) {
                // leaving anyway
            }
        }
    }

    private static Path history() {
        return Path.of(System.getProperty("user.home"), ".weir", "history");
    }

    private static Terminal openTerminal() throws IOException {
        // Piped input has no console: use a dumb terminal on the standard streams, without
        // JLine's warning that it could not create a system terminal.
        java.util.logging.Logger.getLogger("org.jline").setLevel(java.util.logging.Level.OFF);
        return System.console() == null
                ? new DumbTerminal("weir", Terminal.TYPE_DUMB, System.in, System.out, StandardCharsets.UTF_8)
                : TerminalBuilder.builder().system(true).build();
    }

    static void openPrompt(SessionOptions options, Path initScript) throws InterruptedException {
        // parse the init script before opening the terminal: a syntax error stops here
        List<Script> init = new ArrayList<>();
        if (initScript != null) {
            init.add(RunCommand.read(initScript));
        }
        try (Terminal terminal = openTerminal()) {
            new InteractiveShell(terminal, options.configuration(), history(), options.verbose).run(init);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

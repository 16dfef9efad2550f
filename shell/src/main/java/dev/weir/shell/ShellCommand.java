package dev.weir.shell;

import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.planner.SqlSession;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code weir shell} (and {@code weir} alone): a minimal SQL prompt. Statements may span lines and
 * end with {@code ;}; Ctrl-C cancels a running query, Ctrl-D or QUIT leaves.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, description = "Open the interactive SQL prompt.")
final class ShellCommand implements Runnable {
    private static final String PROMPT = "weir> ";

    @Mixin
    SessionOptions sessionOptions = new SessionOptions();

    @Override
    public void run() {
        openPrompt(sessionOptions);
    }

    static void openPrompt(SessionOptions options) {
        // Piped input has no console: use a dumb terminal on the standard streams, without
        // JLine's warning that it could not create a system terminal.
        java.util.logging.Logger.getLogger("org.jline").setLevel(java.util.logging.Level.OFF);
        try (Terminal terminal = System.console() == null
                ? new DumbTerminal("weir", Terminal.TYPE_DUMB, System.in, System.out, StandardCharsets.UTF_8)
                : TerminalBuilder.builder().system(true).build()) {
            PrintStream out = new PrintStream(terminal.output(), true, terminal.encoding());
            LineReader reader = LineReaderBuilder.builder()
                    .appName("weir")
                    .terminal(terminal)
                    .parser(new StatementLineParser())
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".weir", "history"))
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "   -> ")
                    .build();
            StatementExecutor executor = new StatementExecutor(new SqlSession(options.configuration()), out, out, true);
            terminal.handle(Terminal.Signal.INT, signal -> executor.cancelRunningJob());
            out.println("Weir SQL shell. End statements with ';'. Type HELP; for help, QUIT; to leave.");
            loop(reader, executor, out, options.verbose);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void loop(LineReader reader, StatementExecutor executor, PrintStream out, boolean verbose) {
        while (true) {
            String input;
            try {
                input = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                return;
            }
            String command = input.strip().replaceAll(";+$", "").strip().toUpperCase(Locale.ROOT);
            if (command.equals("QUIT") || command.equals("EXIT")) {
                return;
            }
            if (command.equals("HELP")) {
                out.println(HELP);
                continue;
            }
            if (command.isEmpty()) {
                continue;
            }
            try {
                Script script = new Script("<shell>", input);
                executor.executeAll(script, ScriptParser.parse(script));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                out.println(ErrorReport.describe(e, verbose));
            }
        }
    }

    private static final String HELP = String.join(System.lineSeparator(),
            "Statements (end each with ';'):",
            "  CREATE [TEMPORARY] TABLE t (...) WITH ('connector' = '...', ...)",
            "  CREATE [TEMPORARY] VIEW v AS SELECT ...      DROP TABLE|VIEW [IF EXISTS] name",
            "  INSERT INTO t SELECT ...                      SELECT ...",
            "  SET 'key' = 'value'   SET   RESET ['key']      SHOW TABLES   DESCRIBE t",
            "  EXPLAIN SELECT ... | EXPLAIN INSERT INTO ...",
            "  HELP   QUIT",
            "Ctrl-C cancels the running query; Ctrl-D or QUIT leaves.");
}

package dev.weir.shell;

import dev.weir.core.config.Configuration;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.planner.SqlSession;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The SQL prompt on a terminal: reads statements (multi-line, ended by ';') with history,
 * completion and highlighting, and executes them; INSERTs run in the background, SELECTs show
 * live results, and Ctrl-C cancels the running query, never the shell.
 */
final class InteractiveShell {
    static final String PROMPT = "weir> ";

    private final Terminal terminal;
    private final PrintStream out;
    private final LineReader reader;
    private final ShellExecutor executor;
    private final SqlCompleter completer;
    private final boolean verbose;

    /** Where the prompt's statements run, and what completion knows of its tables. */
    record Backend(ShellExecutor executor, SqlCompleter.Schema schema) {
        Backend {
            Objects.requireNonNull(executor, "executor is null");
            Objects.requireNonNull(schema, "schema is null");
        }
    }

    /** Makes the backend once the shell's output and its notifier (lines printed above the prompt) exist. */
    interface BackendFactory {
        Backend create(PrintStream out, Terminal terminal, Consumer<String> notifier);
    }

    /**
     * A prompt with an in-process session.
     *
     * @param historyFile where the history persists, e.g. {@code ~/.weir/history}
     */
    InteractiveShell(Terminal terminal, Configuration config, Path historyFile, boolean verbose) {
        this(terminal, historyFile, verbose, (out, term, notifier) -> {
            SqlSession session = new SqlSession(config);
            return new Backend(StatementExecutor.forShell(session, out, term, new ShellJobs(notifier)),
                    SqlCompleter.of(session));
        });
    }

    InteractiveShell(Terminal terminal, Path historyFile, boolean verbose, BackendFactory backendFactory) {
        this.terminal = Objects.requireNonNull(terminal, "terminal is null");
        this.verbose = verbose;
        this.out = new PrintStream(terminal.output(), true, terminal.encoding());
        Backend backend = backendFactory.create(out, terminal, this::printAbove);
        this.completer = new SqlCompleter(backend.schema());
        this.reader = LineReaderBuilder.builder()
                .appName("weir")
                .terminal(terminal)
                .parser(new StatementLineParser())
                .completer(completer)
                .highlighter(new SqlHighlighter())
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "   -> ")
                .build();
        this.executor = backend.executor();
        terminal.handle(Terminal.Signal.INT, signal -> executor.cancelRunningJob());
    }

    LineReader reader() {
        return reader;
    }

    SqlCompleter completer() {
        return completer;
    }

    /** Runs the init scripts (a failure stops the shell before the prompt), then the prompt until QUIT or EOF. */
    void run(List<Script> initScripts) throws InterruptedException {
        for (Script init : initScripts) {
            executor.executeAll(init, ScriptParser.parse(init));
        }
        out.println("Weir SQL shell. End statements with ';'. Type HELP; for help, QUIT; to leave.");
        try {
            loop();
        } finally {
            executor.cancelAll();
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                out.println("[WARN] Could not save the history: " + e.getMessage());
            }
            out.flush();
        }
    }

    private void loop() {
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
                // BEGIN STATEMENT SET; and END; come in inputs of their own: the session collects the INSERTs between
                executor.executeAll(script, ScriptParser.parseInteractive(script));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                out.println(ErrorReport.describe(e, verbose));
            }
            out.flush();
        }
    }

    /** A line from another thread (a background job failed): above the prompt while one is showing. */
    private void printAbove(String line) {
        if (reader.isReading()) {
            reader.printAbove(line);
        } else {
            out.println(line);
            out.flush();
        }
    }

    static final String HELP = String.join(System.lineSeparator(),
            "Statements (end each with ';'):",
            "  CREATE [TEMPORARY] TABLE t (...) WITH ('connector' = '...', ...)",
            "  CREATE [TEMPORARY] VIEW v AS SELECT ...      DROP TABLE|VIEW [IF EXISTS] name",
            "  INSERT INTO t SELECT ...   runs in the background and prints its job id",
            "                             (SET 'table.dml-sync' = 'true'; waits for it instead)",
            "  SELECT ...                 shows live results; Ctrl-C cancels the query",
            "  SHOW JOBS                  the jobs of this shell: id, name, status, start, last checkpoint,",
            "                             the operators' watermarks and keyed state sizes",
            "  STOP JOB 'id'              cancels a job",
            "  SET 'key' = 'value'   SET   RESET ['key']      SHOW TABLES   DESCRIBE t",
            "  EXECUTE STATEMENT SET BEGIN INSERT INTO ...; INSERT INTO ...; END",
            "                             runs the INSERTs as one job (one checkpoint for all its sinks);",
            "                             or BEGIN STATEMENT SET; then INSERTs (collected, not run), then END;",
            "  EXPLAIN SELECT ... | EXPLAIN INSERT INTO ... | EXPLAIN STATEMENT SET BEGIN ... END",
            "  HELP   QUIT",
            "Result modes: SET 'sql-client.execution.result-mode' = 'tableau' (default: rows as they arrive,",
            "with the change kind in column op) | 'changelog' (+I/-U/+U/-D lines) | 'table' (the current result,",
            "updates applied, a page at a time: n/PgDn, p/PgUp turn pages, q leaves a finished result; on a dumb",
            "terminal shown when the query ends).",
            "Tab completes keywords, tables, columns and (after a quote) option keys.",
            "Ctrl-C cancels the running query; Ctrl-D or QUIT leaves (and cancels background jobs).");
}

package dev.weir.shell;

import dev.weir.core.config.Configuration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

/**
 * An {@link InteractiveShell} in this JVM on a JLine dumb terminal: input typed through a pipe,
 * output captured, with waits for text to appear (bounded, woken by each write, no sleeping).
 */
final class ShellDriver implements AutoCloseable {
    private final PipedOutputStream keyboard = new PipedOutputStream();
    private final Output screen = new Output();
    private final Terminal terminal;
    private final InteractiveShell shell;
    private final Thread thread;
    private volatile Throwable failure;

    ShellDriver(Path historyFile, Map<String, String> settings) throws IOException {
        this(terminal -> new InteractiveShell(terminal, Configuration.of(settings), historyFile, false));
    }

    /** A prompt whose statements run where {@code backend} says (e.g. on a server, over JDBC). */
    ShellDriver(Path historyFile, InteractiveShell.BackendFactory backend) throws IOException {
        this(terminal -> new InteractiveShell(terminal, historyFile, false, backend));
    }

    private ShellDriver(java.util.function.Function<Terminal, InteractiveShell> shellOnTerminal) throws IOException {
        PipedInputStream in = new PipedInputStream(keyboard, 1 << 16);
        terminal = new DumbTerminal("weir-test", Terminal.TYPE_DUMB, in, screen, StandardCharsets.UTF_8);
        shell = shellOnTerminal.apply(terminal);
        thread = new Thread(() -> {
            try {
                shell.run(List.of());
            } catch (Throwable t) {
                failure = t;
            }
        }, "shell-under-test");
        thread.start();
    }

    InteractiveShell shell() {
        return shell;
    }

    Terminal terminal() {
        return terminal;
    }

    /** Types a line (and Enter). */
    void type(String line) throws IOException {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** Everything the shell wrote so far. */
    String output() {
        return screen.text();
    }

    /** Waits until the output after {@code from} contains {@code expected}; returns the output. */
    String awaitOutput(int from, String expected) throws InterruptedException {
        return screen.await(from, expected, Duration.ofSeconds(60), this);
    }

    String awaitOutput(String expected) throws InterruptedException {
        return awaitOutput(0, expected);
    }

    int mark() {
        return screen.text().length();
    }

    /** QUIT; and wait for the shell thread to end. */
    @Override
    public void close() throws Exception {
        if (thread.isAlive()) {
            type("QUIT;");
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        keyboard.close();
        terminal.close();
        if (thread.isAlive()) {
            throw new AssertionError("shell did not leave on QUIT; output:\n" + output());
        }
        if (failure != null) {
            throw new AssertionError("shell failed", failure);
        }
    }

    /** Captured output that wakes waiters on every write. */
    private static final class Output extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized String await(int from, String expected, Duration timeout, ShellDriver driver)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String text = text();
                if (text.length() >= from && text.substring(from).contains(expected)) {
                    return text;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || driver.failure != null) {
                    throw new AssertionError("no '" + expected + "' in the shell's output within " + timeout
                            + (driver.failure == null ? "" : " (shell failed: " + driver.failure + ")")
                            + ":\n" + text.substring(Math.min(from, text.length())));
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}

package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

class MaterializedTableViewTest {
    private static final RowType TYPE = new RowType(List.of(
            new RowType.Field("k", DataType.string()), new RowType.Field("c", DataType.bigint())));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private MaterializedTableView view(int maxRows) throws Exception {
        Terminal dumb = new DumbTerminal("t", Terminal.TYPE_DUMB, new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), StandardCharsets.UTF_8);
        return new MaterializedTableView(new ResultFormat(TYPE, Configuration.empty()), out, dumb, maxRows);
    }

    @Test
    void appliesUpdatesAndRetractions() throws Exception {
        MaterializedTableView view = view(100);
        view.begin();
        view.accept(Row.ofKind(RowKind.INSERT, "a", 1L));
        view.accept(Row.ofKind(RowKind.INSERT, "b", 1L));
        view.accept(Row.ofKind(RowKind.UPDATE_BEFORE, "a", 1L));
        view.accept(Row.ofKind(RowKind.UPDATE_AFTER, "a", 2L));
        view.accept(Row.ofKind(RowKind.DELETE, "b", 1L));
        view.accept(Row.ofKind(RowKind.INSERT, "n", null));
        assertThat(view.snapshot()).containsExactly(List.of("a", "2"), List.of("n", "<NULL>"));
        view.accept(Row.ofKind(RowKind.INSERT, "z", 1L));
        view.accept(Row.ofKind(RowKind.UPDATE_BEFORE, "a", 2L));
        view.accept(Row.ofKind(RowKind.UPDATE_AFTER, "a", 3L));
        // the updated row keeps its place
        assertThat(view.snapshot()).containsExactly(List.of("a", "3"), List.of("n", "<NULL>"), List.of("z", "1"));
        view.end(false);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("| a | 3      |", "3 rows in set",
                "Query finished after 9 changes.");
    }

    @Test
    void aFullViewEvictsTheOldestRowsAndSaysSo() throws Exception {
        MaterializedTableView view = view(2);
        for (long i = 1; i <= 5; i++) {
            view.accept(Row.ofKind(RowKind.INSERT, "k" + i, i));
        }
        assertThat(view.snapshot()).containsExactly(List.of("k4", "4"), List.of("k5", "5"));
        view.end(true);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Query cancelled after 5 changes; the view "
                + "holds the latest 2 rows, 3 older rows were evicted");
    }

    /**
     * A real (not dumb) JLine terminal on pipes, 12 lines high: pages of 5 rows, turned by keys
     * typed as a user would (n, PgDn, p), then left with q after the query ended.
     */
    @Test
    void aRealTerminalShowsOnePageAtATimeAndTurnsPagesOnKeys() throws Exception {
        java.io.PipedOutputStream keys = new java.io.PipedOutputStream();
        java.io.PipedInputStream keyboard = new java.io.PipedInputStream(keys, 1024);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal xterm = new org.jline.terminal.impl.ExternalTerminal("t", "xterm", keyboard, screen,
                StandardCharsets.UTF_8)) {
            xterm.setSize(new org.jline.terminal.Size(80, 12));
            PrintStream termOut = new PrintStream(xterm.output(), true, StandardCharsets.UTF_8);
            MaterializedTableView view = new MaterializedTableView(new ResultFormat(TYPE, Configuration.empty()),
                    termOut, xterm, 1000);
            view.begin();
            for (long i = 1; i <= 12; i++) {
                view.accept(Row.ofKind(RowKind.INSERT, "k" + i, i));
            }
            view.refresh();
            String first = text(screen);
            assertThat(first).contains("page 1 of 3, 12 rows", "| k5 | 5 ").doesNotContain("| k6 ");

            keys.write('n');
            keys.flush();
            String second = awaitScreen(view, screen, "page 2 of 3, 12 rows");
            assertThat(second.substring(second.lastIndexOf("page 1 of 3"))).contains("| k6 ", "| k10 ")
                    .doesNotContain("| k5 ", "| k11 ");

            keys.write("\u001b[6~".getBytes(StandardCharsets.US_ASCII)); // PgDn
            keys.flush();
            String third = awaitScreen(view, screen, "page 3 of 3, 12 rows");
            assertThat(third.substring(third.lastIndexOf("page 2 of 3"))).contains("| k11 ", "| k12 ").doesNotContain("| k10 ");

            keys.write('p');
            keys.write('q');
            keys.flush();
            view.end(false); // returns on q
            String end = text(screen);
            assertThat(end.substring(end.lastIndexOf("page 2 of 3, 12 rows"))).contains("Query finished after 12 changes.");
        }
    }

    private static String text(ByteArrayOutputStream screen) {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    /** Calls refresh (which reads the keys typed) until the screen shows {@code expected}; bounded. */
    private static String awaitScreen(MaterializedTableView view, ByteArrayOutputStream screen, String expected) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (true) {
            view.refresh();
            String text = text(screen);
            if (text.contains(expected)) {
                return text;
            }
            assertThat(System.nanoTime()).as("'%s' on screen within 20 s:%n%s", expected, text).isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
    }
}

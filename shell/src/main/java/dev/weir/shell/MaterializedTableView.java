package dev.weir.shell;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;
import org.jline.utils.InfoCmp.Capability;

/**
 * The {@code table} result mode: the current result of the query, with updates and retractions
 * applied (a {@code -U}/{@code -D} removes the matching row, {@code +I}/{@code +U} adds one). A real
 * terminal redraws it while the query runs, one page at a time: {@code n}/PgDn and
 * {@code p}/PgUp turn pages, as in Flink's SQL client, under a status line
 * {@code page X of Y, N rows}; a result larger than one page stays on screen for paging after
 * the query ends, until {@code q}. A dumb terminal prints it once, when the query ends or is
 * cancelled. It holds at most {@code maxRows} rows; beyond that the oldest are evicted and the
 * view says how many.
 */
final class MaterializedTableView implements ResultView {
    private static final long REDRAW_INTERVAL_MILLIS = 500;
    /** Lines around the rows of a page: the table's borders and header, the status and help lines. */
    private static final int CHROME_LINES = 7;
    private static final int ESC = 27;
    private static final long KEY_SEQUENCE_WAIT_MILLIS = 20;
    private static final long END_PAGING_POLL_MILLIS = 100;

    private final ResultFormat format;
    private final PrintStream out;
    private final Terminal terminal;
    private final boolean redraw;
    private final int maxRows;
    private final List<Row> rows = new ArrayList<>();
    private final TablePager pager;
    private long evicted;
    /** Where the last -U removed its row, -1 when the last change was not a -U. */
    private int retractedAt = -1;
    private long changes;
    private boolean dirty;
    private long lastDraw;
    /** The terminal's settings before the view put it into raw mode (to read page keys), or null. */
    private Attributes savedAttributes;

    MaterializedTableView(ResultFormat format, PrintStream out, Terminal terminal, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive, got " + maxRows);
        }
        this.format = format;
        this.out = out;
        this.terminal = terminal;
        this.redraw = !Terminal.TYPE_DUMB.equals(terminal.getType())
                && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
        this.maxRows = maxRows;
        this.pager = new TablePager(pageSize());
    }

    @Override
    public void begin() {
        if (redraw) {
            // keys without Enter, no echo; Ctrl-C still signals (raw mode keeps ISIG)
            savedAttributes = terminal.enterRawMode();
        } else {
            out.println("[INFO] Materializing the result; it is shown when the query ends (Ctrl-C to stop it).");
            out.flush();
        }
    }

    @Override
    public void accept(Row row) {
        changes++;
        dirty = true;
        Row insert = row.kind() == RowKind.INSERT ? row : row.withKind(RowKind.INSERT);
        if (row.kind().isAccumulate()) {
            // +U right after its -U takes the old row's place, so an updated key does not jump around
            if (row.kind() == RowKind.UPDATE_AFTER && retractedAt >= 0 && retractedAt <= rows.size()) {
                rows.add(retractedAt, insert);
            } else {
                rows.add(insert);
            }
            retractedAt = -1;
            if (rows.size() > maxRows) {
                rows.remove(0);
                evicted++;
            }
        } else {
            int at = rows.lastIndexOf(insert);
            if (at >= 0) {
                rows.remove(at);
            }
            retractedAt = row.kind() == RowKind.UPDATE_BEFORE ? at : -1;
        }
    }

    /** The rows now in the view, as text; for tests and for drawing. */
    List<List<String>> snapshot() {
        List<List<String>> text = new ArrayList<>(rows.size());
        for (Row row : rows) {
            text.add(Arrays.asList(format.values(row)));
        }
        return text;
    }

    @Override
    public void refresh() {
        if (!redraw) {
            return;
        }
        boolean turned = readPageKeys(0) == Key.TURNED;
        long now = System.currentTimeMillis();
        if (!turned && (!dirty || now - lastDraw < REDRAW_INTERVAL_MILLIS)) {
            return;
        }
        lastDraw = now;
        dirty = false;
        drawPage("after " + changes + " changes" + evictionNote() + ". Refreshing; n/PgDn next page, p/PgUp"
                + " previous, Ctrl-C stops the query.");
    }

    @Override
    public void end(boolean cancelled) {
        String summary = (cancelled ? "Query cancelled" : "Query finished") + " after " + changes
                + (changes == 1 ? " change" : " changes") + evictionNote() + ".";
        if (!redraw) {
            TablePrinter.print(format.names(), snapshot(), out);
            out.println(summary);
            out.flush();
            return;
        }
        try {
            pager.resize(pageSize());
            if (pager.pages(rows.size()) == 1) {
                terminal.puts(Capability.clear_screen);
                terminal.flush();
                TablePrinter.print(format.names(), snapshot(), out);
                out.println(summary);
                out.flush();
                return;
            }
            pageUntilQuit(summary);
        } finally {
            if (savedAttributes != null) {
                terminal.setAttributes(savedAttributes);
                savedAttributes = null;
            }
        }
    }

    /** After the query: the result stays on screen for paging until q, Enter, Ctrl-C or the end of input. */
    private void pageUntilQuit(String summary) {
        AtomicBoolean quit = new AtomicBoolean();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> quit.set(true));
        try {
            String help = summary + " n/PgDn next page, p/PgUp previous, q leaves the result.";
            drawPage(help);
            while (!quit.get()) {
                Key key = readPageKeys(END_PAGING_POLL_MILLIS);
                if (key == Key.QUIT) {
                    break;
                }
                if (key == Key.TURNED) {
                    drawPage(help);
                }
            }
            out.println(summary);
            out.flush();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }

    /** Clears the screen and draws the current page, with its status line and {@code note}. */
    private void drawPage(String note) {
        pager.resize(pageSize());
        int n = rows.size();
        // only the page is formatted: the view may hold a million rows
        List<List<String>> page = new ArrayList<>(pager.pageSize());
        for (Row row : rows.subList(pager.from(n), pager.to(n))) {
            page.add(Arrays.asList(format.values(row)));
        }
        terminal.puts(Capability.clear_screen);
        terminal.flush();
        TablePrinter.printRows(format.names(), page, out);
        out.println(pager.status(n) + " " + note);
        out.flush();
    }

    private int pageSize() {
        int height = terminal.getHeight() > CHROME_LINES + 2 ? terminal.getHeight() : 24;
        return height - CHROME_LINES;
    }

    /** What the keys typed so far asked for. */
    private enum Key {
        NONE, TURNED, QUIT
    }

    /**
     * Reads the keys typed so far (waiting up to {@code waitMillis} for the first): n, space or
     * PgDn turn to the next page, p, b or PgUp to the previous; q or Enter (and the end of input) quit.
     */
    private Key readPageKeys(long waitMillis) {
        NonBlockingReader reader = terminal.reader();
        Key result = Key.NONE;
        try {
            long wait = waitMillis;
            while (true) {
                int c = wait > 0 ? reader.read(wait) : reader.read(1L);
                wait = 0;
                if (c == NonBlockingReader.READ_EXPIRED) {
                    return result;
                }
                if (c < 0 || c == 'q' || c == 'Q' || c == '\r' || c == '\n') {
                    return Key.QUIT;
                }
                int n = rows.size();
                boolean turned = false;
                if (c == 'n' || c == 'N' || c == ' ') {
                    turned = pager.next(n);
                } else if (c == 'p' || c == 'P' || c == 'b' || c == 'B') {
                    turned = pager.previous(n);
                } else if (c == ESC) {
                    // PgUp is ESC [ 5 ~, PgDn is ESC [ 6 ~
                    int bracket = reader.read(KEY_SEQUENCE_WAIT_MILLIS);
                    int code = bracket == '[' ? reader.read(KEY_SEQUENCE_WAIT_MILLIS) : -2;
                    int tilde = code == '5' || code == '6' ? reader.read(KEY_SEQUENCE_WAIT_MILLIS) : -2;
                    if (tilde == '~') {
                        turned = code == '6' ? pager.next(n) : pager.previous(n);
                    }
                }
                if (turned) {
                    result = Key.TURNED;
                }
            }
        } catch (IOException e) {
            return Key.QUIT;
        }
    }

    private String evictionNote() {
        return evicted == 0 ? "" : "; the view holds the latest " + maxRows + " rows, " + evicted
                + " older rows were evicted (sql-client.execution.max-table-result.rows)";
    }
}

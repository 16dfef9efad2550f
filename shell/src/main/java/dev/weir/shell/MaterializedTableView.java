package dev.weir.shell;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/**
 * The {@code table} result mode: the current result of the query, with updates and retractions
 * applied (a {@code -U}/{@code -D} removes the matching row, {@code +I}/{@code +U} adds one). A real
 * terminal redraws it while the query runs; a dumb one prints it once, when the query ends or is
 * cancelled. It holds at most {@code maxRows} rows; beyond that the oldest are evicted and the
 * view says how many.
 */
final class MaterializedTableView implements ResultView {
    private static final long REDRAW_INTERVAL_MILLIS = 500;

    private final ResultFormat format;
    private final PrintStream out;
    private final Terminal terminal;
    private final boolean redraw;
    private final int maxRows;
    private final List<Row> rows = new ArrayList<>();
    private long evicted;
    /** Where the last -U removed its row, -1 when the last change was not a -U. */
    private int retractedAt = -1;
    private long changes;
    private boolean dirty;
    private long lastDraw;

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
    }

    @Override
    public void begin() {
        if (!redraw) {
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
        long now = System.currentTimeMillis();
        if (!redraw || !dirty || now - lastDraw < REDRAW_INTERVAL_MILLIS) {
            return;
        }
        lastDraw = now;
        dirty = false;
        terminal.puts(Capability.clear_screen);
        terminal.flush();
        // Show what fits the screen; the rest is counted, never silently left out.
        int height = terminal.getHeight() > 10 ? terminal.getHeight() : 24;
        int fit = height - 7;
        List<List<String>> all = snapshot();
        List<List<String>> shown = all.size() > fit ? all.subList(0, fit) : all;
        TablePrinter.print(format.rowType().names(), shown, out);
        out.println("Showing " + shown.size() + " of " + all.size() + " rows after " + changes
                + " changes" + evictionNote() + ". Refreshing; Ctrl-C stops the query.");
        out.flush();
    }

    @Override
    public void end(boolean cancelled) {
        if (redraw) {
            terminal.puts(Capability.clear_screen);
            terminal.flush();
        }
        TablePrinter.print(format.rowType().names(), snapshot(), out);
        out.println((cancelled ? "Query cancelled" : "Query finished") + " after " + changes
                + (changes == 1 ? " change" : " changes") + evictionNote() + ".");
        out.flush();
    }

    private String evictionNote() {
        return evicted == 0 ? "" : "; the view holds the latest " + maxRows + " rows, " + evicted
                + " older rows were evicted (sql-client.execution.max-table-result.rows)";
    }
}

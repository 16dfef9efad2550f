package dev.weir.shell;

import dev.weir.core.Row;
import java.io.PrintStream;

/**
 * The {@code tableau} result mode: a boxed table printed line by line as rows arrive, with the
 * change kind in the first column {@code op}, as Flink's SQL client shows it.
 */
final class TableauView implements ResultView {
    private final ResultFormat format;
    private final PrintStream out;
    private final int[] widths;
    private long rows;

    TableauView(ResultFormat format, PrintStream out) {
        this.format = format;
        this.out = out;
        this.widths = new int[format.arity() + 1];
        widths[0] = 2;
        for (int i = 1; i < widths.length; i++) {
            widths[i] = format.typicalWidth(i - 1);
        }
    }

    @Override
    public void begin() {
        String[] header = new String[widths.length];
        header[0] = "op";
        for (int i = 1; i < header.length; i++) {
            header[i] = format.names().get(i - 1);
        }
        out.println(border());
        out.println(line(header));
        out.println(border());
        out.flush();
    }

    @Override
    public void accept(Row row) {
        String[] values = format.values(row);
        String[] cells = new String[values.length + 1];
        cells[0] = row.kind().shortString();
        System.arraycopy(values, 0, cells, 1, values.length);
        out.println(line(cells));
        out.flush();
        rows++;
    }

    @Override
    public void end(boolean cancelled) {
        out.println(border());
        out.println(cancelled ? "Query cancelled, received a total of " + rows + (rows == 1 ? " row" : " rows")
                : "Received a total of " + rows + (rows == 1 ? " row" : " rows"));
        out.flush();
    }

    private String border() {
        StringBuilder sb = new StringBuilder("+");
        for (int w : widths) {
            sb.append("-".repeat(w + 2)).append('+');
        }
        return sb.toString();
    }

    /** A value wider than its column widens that line only: never cut a value. */
    private String line(String[] cells) {
        StringBuilder sb = new StringBuilder("|");
        for (int c = 0; c < widths.length; c++) {
            String v = cells[c];
            String pad = " ".repeat(Math.max(0, widths[c] - v.length()));
            sb.append(' ').append(v).append(pad).append(" |");
        }
        return sb.toString();
    }
}

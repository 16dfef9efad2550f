package dev.weir.shell;

import java.io.PrintStream;
import java.util.List;

/** Prints a small result as a boxed table, the way Flink's SQL client shows SHOW and DESCRIBE. */
final class TablePrinter {
    private TablePrinter() {
    }

    static void print(List<String> columns, List<List<String>> rows, PrintStream out) {
        printRows(columns, rows, out);
        out.println(rows.size() + (rows.size() == 1 ? " row" : " rows") + " in set");
    }

    /** The boxed table without the "N rows in set" line (a page of a larger result). */
    static void printRows(List<String> columns, List<List<String>> rows, PrintStream out) {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], String.valueOf(row.get(c)).length());
            }
        }
        String border = border(widths);
        out.println(border);
        out.println(line(columns, widths));
        out.println(border);
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
        out.println(border);
    }

    private static String border(int[] widths) {
        StringBuilder sb = new StringBuilder("+");
        for (int w : widths) {
            sb.append("-".repeat(w + 2)).append('+');
        }
        return sb.toString();
    }

    private static String line(List<String> values, int[] widths) {
        StringBuilder sb = new StringBuilder("|");
        for (int c = 0; c < widths.length; c++) {
            String v = String.valueOf(values.get(c));
            sb.append(' ').append(v).append(" ".repeat(widths[c] - v.length())).append(" |");
        }
        return sb.toString();
    }
}

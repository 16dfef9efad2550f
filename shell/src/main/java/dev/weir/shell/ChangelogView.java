package dev.weir.shell;

import dev.weir.core.Row;
import java.io.PrintStream;

/** The {@code changelog} result mode: every change as it arrives, {@code +I[…]}, {@code -U[…]}, {@code +U[…]}, {@code -D[…]}. */
final class ChangelogView implements ResultView {
    private final ResultFormat format;
    private final PrintStream out;
    private long rows;

    ChangelogView(ResultFormat format, PrintStream out) {
        this.format = format;
        this.out = out;
    }

    @Override
    public void begin() {
        out.println("[INFO] Changes of " + format.names() + " as they arrive:");
        out.flush();
    }

    @Override
    public void accept(Row row) {
        out.println(format.changelogLine(row));
        out.flush();
        rows++;
    }

    @Override
    public void end(boolean cancelled) {
        out.println((cancelled ? "Query cancelled, received " : "Received ") + rows + (rows == 1 ? " change" : " changes"));
        out.flush();
    }
}

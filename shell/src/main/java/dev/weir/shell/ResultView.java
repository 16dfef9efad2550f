package dev.weir.shell;

import dev.weir.core.Row;

/** Shows a running SELECT's rows as they arrive; one instance per query, called from the shell thread. */
interface ResultView {

    /** Before the first row. */
    void begin();

    void accept(Row row);

    /** After a batch of rows, and periodically while none arrive: a chance to redraw. */
    default void refresh() {
    }

    /** After the last row: the query ended, or was cancelled. */
    void end(boolean cancelled);
}

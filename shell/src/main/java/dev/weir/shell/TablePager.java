package dev.weir.shell;

/**
 * Which rows of the table view's current result are on screen: pages of {@code pageSize} rows,
 * turned by the user, kept in range as the result grows and shrinks. Not thread-safe: the shell
 * thread alone uses it.
 */
final class TablePager {
    private int pageSize;
    /** 0-based. */
    private int page;

    TablePager(int pageSize) {
        resize(pageSize);
    }

    /** The terminal changed size: keeps the first row of the page on screen. */
    void resize(int newPageSize) {
        if (newPageSize < 1) {
            throw new IllegalArgumentException("a page holds at least one row, got " + newPageSize);
        }
        if (newPageSize != pageSize && pageSize > 0) {
            page = page * pageSize / newPageSize;
        }
        pageSize = newPageSize;
    }

    int pageSize() {
        return pageSize;
    }

    int pages(int rows) {
        return Math.max(1, (rows + pageSize - 1) / pageSize);
    }

    /** The 0-based page shown for {@code rows} rows (the last one, when rows went away). */
    int page(int rows) {
        page = Math.min(page, pages(rows) - 1);
        return page;
    }

    /** Turns to the next page; false when this is the last one. */
    boolean next(int rows) {
        if (page(rows) + 1 >= pages(rows)) {
            return false;
        }
        page++;
        return true;
    }

    /** Turns to the previous page; false when this is the first one. */
    boolean previous(int rows) {
        if (page(rows) == 0) {
            return false;
        }
        page--;
        return true;
    }

    /** Index of the first row on screen. */
    int from(int rows) {
        return Math.min(rows, page(rows) * pageSize);
    }

    /** Index after the last row on screen. */
    int to(int rows) {
        return Math.min(rows, from(rows) + pageSize);
    }

    /** {@code page 2 of 5, 43 rows}. */
    String status(int rows) {
        return "page " + (page(rows) + 1) + " of " + pages(rows) + ", " + rows + (rows == 1 ? " row" : " rows");
    }
}

package dev.weir.executor.operator;

import dev.weir.core.Row;

/**
 * An {@link Output} that also takes the rows a window operator drops as late: the runtime gives a
 * window operator one only when a {@code LateRowsSpec} reads its late rows. A window operator checks
 * for it on the late path only, so without one nothing changes and nothing costs per row.
 */
public interface LateRowsOutput extends Output {
    /** An input row dropped as late, unchanged. */
    void collectLate(Row row);
}

package dev.weir.shell;

import dev.weir.executor.runtime.JobResult;
import java.util.Locale;

/** The one status line printed when a job ends. */
final class JobSummary {
    private JobSummary() {
    }

    static String describe(JobResult r) {
        return String.format(Locale.ROOT,
                "[INFO] Job '%s' %s in %.1f s: rows read: %d, rows written: %d, late rows dropped: %d, "
                        + "checkpoints: %d%s%s%s",
                r.jobName(), r.status(), r.elapsedMillis() / 1000.0, r.rowsRead(), r.rowsWritten(),
                r.lateRowsDropped(), r.completedCheckpoints(),
                r.metrics().checkpoints().isEmpty() ? "" : ", last checkpoint " + r.metrics().lastCheckpointText(),
                r.metrics().skippedRecords() == 0 ? ""
                        : ", malformed records skipped: " + r.metrics().skippedRecords(),
                r.restoredFrom() == null ? "" : " (resumed from " + r.restoredFrom() + ")");
    }
}

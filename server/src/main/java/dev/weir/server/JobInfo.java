package dev.weir.server;

import dev.weir.executor.runtime.JobStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one job the server started, as {@code SHOW JOBS} lists it.
 *
 * @param id        the server's id for the job, used by {@code STOP JOB 'id'}
 * @param name      the job's name ({@code pipeline.name})
 * @param kind      {@code INSERT} (runs in the background) or {@code SELECT} (feeds a result set)
 * @param status    the job's status when the snapshot was taken
 * @param startTime when the server submitted it
 * @param statement the SQL text that started it
 * @param failure   why it failed, null unless {@link JobStatus#FAILED}
 * @param lastCheckpoint the last completed checkpoint: id, duration, synchronous and asynchronous parts, full and
 *                       incremental size, alignment time
 *                       ({@code -} before the first)
 * @param operators      each operator's current watermark and approximate keyed state size ({@code -} if none)
 */
public record JobInfo(String id, String name, String kind, JobStatus status, Instant startTime, String statement,
        String failure, String lastCheckpoint, String operators) {
    public JobInfo {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(status, "status is null");
        Objects.requireNonNull(startTime, "startTime is null");
        Objects.requireNonNull(statement, "statement is null");
    }
}

package dev.weir.parser;

import java.util.Objects;

/**
 * {@code STOP JOB 'id' [WITH SAVEPOINT]}: cancels a job the shell or server started.
 *
 * @param jobId         the id {@code SHOW JOBS} lists
 * @param withSavepoint whether a savepoint was asked for before stopping
 */
public record StopJob(Position position, String text, String jobId, boolean withSavepoint) implements Statement {

    public StopJob {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(jobId, "jobId is null");
    }
}

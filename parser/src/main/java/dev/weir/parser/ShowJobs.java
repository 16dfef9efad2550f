package dev.weir.parser;

import java.util.Objects;

/** {@code SHOW JOBS}: the jobs the shell or server started. A session alone has no jobs to show. */
public record ShowJobs(Position position, String text) implements Statement {

    public ShowJobs {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(text, "text is null");
    }
}

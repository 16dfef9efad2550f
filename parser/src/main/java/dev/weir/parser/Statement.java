package dev.weir.parser;

/** One parsed statement of a script. */
public sealed interface Statement
        permits CreateTable, CreateView, DropTable, DropView, Insert, Query, SetOption, ResetOption,
        ShowTables, ShowJobs, StopJob, Describe, Explain, StatementSet, BeginStatementSet, EndStatementSet {

    /** Where the statement starts. */
    Position position();

    /** The statement's own source text (no trailing ';'), for echo and EXPLAIN. */
    String text();
}

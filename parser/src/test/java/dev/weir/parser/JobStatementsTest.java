package dev.weir.parser;

import static dev.weir.parser.Parsing.error;
import static dev.weir.parser.Parsing.parse;
import static dev.weir.parser.Parsing.single;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobStatementsTest {

    @Test
    void showJobsAndShowTables() {
        assertThat(parse("SHOW JOBS; show tables")).containsExactly(
                new ShowJobs(new Position(1, 1), "SHOW JOBS"),
                new ShowTables(new Position(1, 12), "show tables"));
    }

    @Test
    void stopJobWithAndWithoutSavepoint() {
        assertThat(single("STOP JOB 'a1b2'", StopJob.class))
                .isEqualTo(new StopJob(new Position(1, 1), "STOP JOB 'a1b2'", "a1b2", false));
        StopJob savepoint = single("stop job 'it''s' with savepoint", StopJob.class);
        assertThat(savepoint.jobId()).isEqualTo("it's");
        assertThat(savepoint.withSavepoint()).isTrue();
    }

    @Test
    void stopJobNeedsAQuotedId() {
        assertThat(error("STOP JOB abc").getMessage()).startsWith("test.sql:1:10:");
    }

    @Test
    void newKeywordsStayUsableAsColumnNames() {
        CreateTable table = single("CREATE TABLE t (job STRING, jobs INT, stop BOOLEAN, savepoint BIGINT)",
                CreateTable.class);
        assertThat(table.columns()).extracting(ColumnDef::name).containsExactly("job", "jobs", "stop", "savepoint");
    }
}

package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL prompt reading piped input: multi-line statements, results, errors that do not end it. */
class ShellIT {
    @TempDir
    Path dir;

    @Test
    void runsPipedStatementsAndKeepsGoingAfterAnError() throws Exception {
        Path input = dir.resolve("input.sql");
        Files.writeString(input, """
                CREATE TABLE t (
                  id BIGINT,
                  ts AS CAST(TO_TIMESTAMP_LTZ(id * 1000, 3) AS TIMESTAMP(3)),
                  WATERMARK FOR ts AS ts
                ) WITH ('connector' = 'datagen', 'number-of-rows' = '5',
                        'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '5');
                SHOW TABLES;
                SELECT nope FROM t;
                SELECT id, ts
                FROM t WHERE id > 3;
                QUIT;
                """);
        ChildRun shell = ChildRun.start(List.of(), input, dir, "shell");
        assertThat(shell.awaitExit(Duration.ofMinutes(1))).as(shell.describe()).isZero();

        String out = shell.stdout();
        assertThat(out).contains("[INFO] Execute statement succeeded.")
                .contains("| t          |")
                .contains("<shell>:1:8: Column 'nope' not found in any table")
                // the prompt shows a SELECT in tableau mode: boxed rows with the change kind first
                .containsPattern("\\| \\+I \\| 4 +\\| 1970-01-01 00:00:04.000 \\|")
                .containsPattern("\\| \\+I \\| 5 +\\| 1970-01-01 00:00:05.000 \\|")
                .contains("Received a total of 2 rows")
                .doesNotContainPattern("\\| \\+I \\| 3 ")
                .doesNotContain("\tat ");
    }
}

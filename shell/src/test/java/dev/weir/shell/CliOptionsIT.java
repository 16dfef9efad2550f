package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weir -f}, {@code -i} before the prompt, {@code --set} at the top level: the packaged jar in a child JVM. */
class CliOptionsIT {
    private static final String TABLE = """
            CREATE TABLE t (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '3',
              'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '3');
            """;

    @TempDir
    Path dir;

    @Test
    void dashFRunsAScriptLikeRunWithSettings() throws Exception {
        Path script = dir.resolve("q.sql");
        Files.writeString(script, TABLE + "SELECT id FROM t;\n");
        ChildRun run = ChildRun.start(List.of("-f", script.toString(), "--set", "pipeline.name=dash-f"), null, dir, "f");
        assertThat(run.awaitExit(Duration.ofMinutes(1))).as(run.describe()).isZero();
        assertThat(run.stdout()).contains("+I[1]", "+I[2]", "+I[3]");
        assertThat(run.stderr()).contains("[INFO] Job 'dash-f' FINISHED");
    }

    @Test
    void initScriptRunsBeforeThePrompt() throws Exception {
        Path init = dir.resolve("init.sql");
        Files.writeString(init, TABLE + "SET 'sql-client.execution.result-mode' = 'changelog';\n");
        Path input = dir.resolve("input.sql");
        Files.writeString(input, "SELECT id * 10 AS x FROM t;\nQUIT;\n");
        ChildRun shell = ChildRun.start(List.of("-i", init.toString()), input, dir, "i");
        assertThat(shell.awaitExit(Duration.ofMinutes(1))).as(shell.describe()).isZero();
        assertThat(shell.stdout()).contains("+I[10]", "+I[20]", "+I[30]", "Received 3 changes");
    }
}

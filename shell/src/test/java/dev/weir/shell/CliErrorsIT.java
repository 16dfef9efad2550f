package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one clear message with its place, a non-zero exit, and no stack trace. */
class CliErrorsIT {
    @TempDir
    Path dir;

    private String err;

    private int run(String sql) throws IOException {
        Path file = dir.resolve("bad.sql");
        Files.writeString(file, sql);
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int code = WeirCli.execute(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8), "run", file.toString());
        err = errBytes.toString(StandardCharsets.UTF_8);
        return code;
    }

    private static final String EVENTS = """
            CREATE TABLE events (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
              WITH ('connector' = 'datagen', 'number-of-rows' = '10');
            """;

    @Test
    void syntaxErrorShowsFileLineColumnAndCaret() throws IOException {
        assertThat(run("SET 'a' = 'b';\nCREATE TABL t (x INT);\n")).isEqualTo(1);
        String[] lines = err.split("\\R");
        assertThat(lines[0]).matches(".*bad\\.sql:2:8: .*");
        assertThat(lines[1]).isEqualTo("CREATE TABL t (x INT);");
        assertThat(lines[2]).isEqualTo("       ^");
        assertThat(err).doesNotContain("\tat ");
    }

    @Test
    void unknownColumnInQueryIsPositionedInTheScript() throws IOException {
        String sql = EVENTS + "CREATE TABLE out (id BIGINT) WITH ('connector' = 'blackhole');\n"
                + "INSERT INTO out SELECT idd FROM events;\n";
        assertThat(run(sql)).isEqualTo(1);
        assertThat(err.split("\\R")[0]).matches(".*bad\\.sql:4:24: .*idd.*");
        assertThat(err).doesNotContain("\tat ");
    }

    @Test
    void unknownConnectorNamesItAndTheAvailableOnes() throws IOException {
        assertThat(run("CREATE TABLE t (x INT) WITH ('connector' = 'kafkaa');")).isEqualTo(1);
        assertThat(err).contains("kafkaa").contains("datagen").contains("filesystem").doesNotContain("\tat ");
    }

    @Test
    void unknownOptionNamesTheKey() throws IOException {
        assertThat(run("CREATE TABLE t (x INT) WITH ('connector' = 'datagen', 'rows-per-secnd' = '5');")).isEqualTo(1);
        assertThat(err).contains("rows-per-secnd").doesNotContain("\tat ");
    }

    @Test
    void watermarkOnANonTimestampColumnIsRefused() throws IOException {
        assertThat(run("CREATE TABLE t (x BIGINT, WATERMARK FOR x AS x - 1) WITH ('connector' = 'datagen');"))
                .isEqualTo(1);
        assertThat(err).contains("WATERMARK").contains("BIGINT").doesNotContain("\tat ");
    }

    @Test
    void windowOverATableWithoutRowtimeIsRefused() throws IOException {
        String sql = """
                CREATE TABLE plain (k STRING, ts TIMESTAMP(3)) WITH ('connector' = 'datagen', 'number-of-rows' = '5');
                CREATE TABLE out (k STRING, n BIGINT) WITH ('connector' = 'blackhole');
                INSERT INTO out SELECT k, COUNT(*) FROM TABLE(TUMBLE(TABLE plain, DESCRIPTOR(ts), INTERVAL '1' SECOND))
                GROUP BY k, window_start, window_end;
                """;
        assertThat(run(sql)).isEqualTo(1);
        assertThat(err).contains("TUMBLE").contains("WATERMARK").doesNotContain("\tat ");
    }

    @Test
    void missingScriptIsNamed() {
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int code = WeirCli.execute(System.out, new PrintStream(errBytes, true, StandardCharsets.UTF_8), "run",
                dir.resolve("nope.sql").toString());
        assertThat(code).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("Script not found").contains("nope.sql");
    }
}

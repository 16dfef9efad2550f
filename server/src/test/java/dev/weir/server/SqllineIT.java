package dev.weir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sqlline.SqlLine;

/** A third-party JDBC client (sqlline) runs a script against jdbc:weir://. */
class SqllineIT {

    @Test
    void sqllineRunsAScript(@TempDir Path dir) throws Exception {
        try (WeirServer server = WeirServer.start(ServerOptions.defaults().withPort(0))) {
            Path script = dir.resolve("script.sql");
            Files.writeString(script, """
                    CREATE TABLE nums (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '3', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '3');
                    SELECT id * 10 AS tens FROM nums;
                    !tables
                    """);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SqlLine sqlline = new SqlLine();
            sqlline.setOutputStream(out);
            sqlline.setErrorStream(out);
            SqlLine.Status status = sqlline.begin(new String[] {"-u", server.jdbcUrl(), "-n", "", "-p", "",
                    "--run=" + script, "--outputformat=csv"},
                    new ByteArrayInputStream(new byte[0]), false);
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(status).as(text).isEqualTo(SqlLine.Status.OK);
            assertThat(text).contains("'op','tens'", "'+I','10'", "'+I','20'", "'+I','30'", "3 rows selected")
                    .contains("'default_catalog','default_database','nums','TABLE'");
        }
    }
}

package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.SqlException;
import dev.weir.parser.Statement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerErrorsTest {

    @Test
    void aPositionedServerErrorMovesToItsPlaceInTheScript() {
        Script script = new Script("jobs.sql", "SET 'a' = 'b';\n\n  INSERT INTO sink\n  SELECT nope FROM t;\n");
        List<Statement> statements = ScriptParser.parse(script);
        Statement insert = statements.get(1);
        SQLException server = new SQLException("<jdbc>:2:10: Column 'nope' not found in any table\n"
                + "  SELECT nope FROM t\n         ^");
        RuntimeException mapped = ServerErrors.toUserError(server, script, insert);
        assertThat(mapped).isInstanceOf(SqlException.class)
                .hasMessage("jobs.sql:4:10: Column 'nope' not found in any table\n  SELECT nope FROM t;\n         ^");

        // on the statement's first line the column counts from where the statement starts
        SQLException first = new SQLException("<jdbc>:1:13: Object 'sink' not found\nINSERT INTO sink\n            ^");
        assertThat(ServerErrors.toUserError(first, script, insert)).hasMessageStartingWith("jobs.sql:3:15: Object 'sink'");
    }

    @Test
    void anyOtherServerErrorKeepsItsMessageWithoutAvaticasPrefix() {
        Script script = new Script("<shell>", "STOP JOB 'x';");
        Statement stop = ScriptParser.parse(script).get(0);
        SQLException avatica = new SQLException("Error -1 (00000) : Error while executing SQL \"STOP JOB 'x'\":"
                + " Remote driver error: WeirException: No job with id 'x'. SHOW JOBS lists the jobs of this server."
                + " -> more");
        assertThat(ServerErrors.toUserError(avatica, script, stop)).isInstanceOf(WeirException.class)
                .hasMessage("No job with id 'x'. SHOW JOBS lists the jobs of this server.");
    }

    @Test
    void theEndpointIsHostAndPort() {
        EndpointOptions e = new EndpointOptions();
        e.endpoint = "127.0.0.1:8765";
        assertThat(e.jdbcUrl()).isEqualTo("jdbc:weir://127.0.0.1:8765");
        e.endpoint = "jdbc:weir://weir.example.com:9000/";
        assertThat(e.jdbcUrl()).isEqualTo("jdbc:weir://weir.example.com:9000");
        for (String bad : List.of("8765", "host:", "host:port", "host:1;password=x", "")) {
            e.endpoint = bad;
            assertThatThrownBy(e::jdbcUrl).as(bad).isInstanceOf(WeirException.class).hasMessageContaining("HOST:PORT");
        }
    }
}

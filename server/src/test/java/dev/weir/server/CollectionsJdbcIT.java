package dev.weir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ARRAY and MAP columns over JDBC: typed by their Flink names, delivered as their text. */
class CollectionsJdbcIT {
    private static WeirServer server;

    @TempDir
    static Path checkpoints;

    @BeforeAll
    static void start() {
        server = WeirServer.start(ServerOptions.defaults().withPort(0).withSessionConfig(
                dev.weir.core.config.Configuration.empty().with("execution.checkpointing.dir", checkpoints.toString())));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void collectionsArriveAsTextWithTheirFlinkTypeNames() throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE nums (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '2', "
                    + "'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '2')");
            try (ResultSet rs = s.executeQuery("SELECT id, ARRAY[id, CAST(NULL AS BIGINT)] AS arr, "
                    + "MAP['k', id] AS m FROM nums")) {
                assertThat(rs.getMetaData().getColumnTypeName(3)).isEqualTo("ARRAY<BIGINT>");
                assertThat(rs.getMetaData().getColumnType(3)).isEqualTo(Types.VARCHAR);
                assertThat(rs.getMetaData().getColumnTypeName(4)).startsWith("MAP<CHAR(1)");
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getLong("id") + " " + rs.getString("arr") + " " + rs.getString("m"));
                }
                rows.sort(null);
                assertThat(rows).containsExactly("1 [1, null] {k=1}", "2 [2, null] {k=2}");
            }
        }
    }
}

package dev.weir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-path sandbox end to end: real servers, real files, plain java.sql clients. */
class PathSandboxIT {
    @TempDir
    Path root;

    private static String fsTable(String name, Path path) {
        return "CREATE TABLE " + name + " (id BIGINT, name STRING) WITH ('connector' = 'filesystem', 'path' = '"
                + path + "', 'format' = 'csv')";
    }

    @Test
    void aServerReadsFilesUnderItsAllowedPathsAndRefusesEverythingElse() throws Exception {
        Path allowed = Files.createDirectories(root.resolve("data"));
        Path outside = Files.createDirectories(root.resolve("secret"));
        Files.writeString(allowed.resolve("in.csv"), "1,a\n2,b\n3,c\n");
        Files.writeString(outside.resolve("in.csv"), "42,secret\n");
        try (WeirServer server = WeirServer.start(ServerOptions.defaults().withPort(0)
                .withAllowedPaths(List.of(allowed)));
                Connection c = DriverManager.getConnection(server.jdbcUrl());
                Statement s = c.createStatement()) {
            s.execute(fsTable("ok", allowed.resolve("in.csv")));
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id, name FROM ok")) {
                while (rs.next()) {
                    rows.add(rs.getLong("id") + ":" + rs.getString("name"));
                }
            }
            assertThat(rows).containsExactly("1:a", "2:b", "3:c");

            assertThatThrownBy(() -> s.execute(fsTable("bad", outside.resolve("in.csv"))))
                    .isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("CREATE TABLE bad: option 'path'")
                    .hasMessageContaining("outside the directories this server allows");
            assertThatThrownBy(() -> s.execute(fsTable("sneaky", Path.of(allowed + "/../secret/in.csv"))))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("option 'path'");
            // the refused tables do not exist, so nothing can read the secret
            assertThatThrownBy(() -> s.executeQuery("SELECT id FROM sneaky")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("sneaky");
            // SET of a directory option is checked too, prepared statements included
            assertThatThrownBy(() -> s.execute("SET 'execution.checkpointing.dir' = '" + outside + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("'execution.checkpointing.dir'");
            try (var p = c.prepareStatement("SET 'state.savepoints.dir' = ?")) {
                p.setString(1, outside.toString());
                assertThatThrownBy(p::execute).isInstanceOf(SQLException.class)
                        .hasMessageContaining("'state.savepoints.dir'");
                p.setString(1, allowed.resolve("savepoints").toString());
                p.execute();
            }
        }
    }

    @Test
    void byDefaultAServerLetsNoStatementNameALocalFile() throws Exception {
        Files.writeString(root.resolve("in.csv"), "1,a\n");
        try (WeirServer server = WeirServer.start(ServerOptions.defaults().withPort(0));
                Connection c = DriverManager.getConnection(server.jdbcUrl());
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute(fsTable("t", root.resolve("in.csv"))))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("option 'path'")
                    .hasMessageContaining("weir serve --allow-path DIR");
            // tables without files still work
            s.execute("CREATE TABLE g (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '2')");
            try (ResultSet rs = s.executeQuery("SELECT id FROM g")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.next()).isTrue();
                assertThat(rs.next()).isFalse();
            }
        }
    }
}

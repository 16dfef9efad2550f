package dev.weir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Fifty clients at once against one server, each with its own session and query job: no errors, no lost or foreign rows. */
class ConcurrentClientsIT {
    private static final int CLIENTS = 50;
    private static final int ROWS = 300;

    @Test
    void fiftyClientsEachGetExactlyTheirRows() throws Exception {
        // A small result buffer makes every job wait on its client: back-pressure under load.
        try (WeirServer server = WeirServer.start(ServerOptions.defaults().withPort(0).withResultBufferRows(16))) {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<List<Long>>> results = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    int client = i;
                    results.add(pool.submit(() -> runClient(server, client)));
                }
                for (int i = 0; i < CLIENTS; i++) {
                    List<Long> ids = results.get(i).get(300, TimeUnit.SECONDS);
                    assertThat(ids).as("client %d", i).hasSize(ROWS);
                    for (int k = 0; k < ROWS; k++) {
                        assertThat(ids.get(k)).isEqualTo(k + 1 + i * 1000L);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static List<Long> runClient(WeirServer server, int client) throws Exception {
        // Half the clients use the plain Avatica URL: it must work too.
        String url = client % 2 == 0 ? server.jdbcUrl() : server.avaticaUrl();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '" + ROWS + "',"
                    + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '" + ROWS + "')");
            s.setFetchSize(37);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id + " + client * 1000L + " AS id FROM t")) {
                while (rs.next()) {
                    ids.add(rs.getLong("id"));
                }
            }
            return ids;
        }
    }
}

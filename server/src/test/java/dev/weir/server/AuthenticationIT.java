package dev.weir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Who may connect: loopback by default, credentials required anywhere else. */
class AuthenticationIT {

    @Test
    void refusesToListenBeyondLoopbackWithoutCredentials() {
        assertThatThrownBy(() -> WeirServer.start(ServerOptions.defaults().withHost("0.0.0.0").withPort(0)))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("Refusing to listen on 0.0.0.0 without authentication")
                .hasMessageContaining("--user U --password P");
    }

    @Test
    void basicAuthenticationAcceptsTheRightPasswordOnly() throws Exception {
        try (WeirServer server = WeirServer.start(ServerOptions.defaults().withPort(0)
                .withBasicAuth("alice", "s3cret"))) {
            String url = server.jdbcUrl();
            assertThatThrownBy(() -> DriverManager.getConnection(url + ";user=alice;password=badpass"))
                    .isInstanceOf(SQLInvalidAuthorizationSpecException.class)
                    .hasMessageStartingWith("Authentication failed for jdbc:weir://")
                    .hasMessageContaining("password=***")
                    .hasMessageNotContaining("badpass");
            assertThatThrownBy(() -> DriverManager.getConnection(url))
                    .isInstanceOf(SQLInvalidAuthorizationSpecException.class);
            try (Connection c = DriverManager.getConnection(url, "alice", "s3cret");
                    Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW TABLES")) {
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void tokenAuthentication() throws Exception {
        try (WeirServer server = WeirServer.start(ServerOptions.defaults().withPort(0).withToken("t0ken"))) {
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl() + ";token=nope"))
                    .isInstanceOf(SQLInvalidAuthorizationSpecException.class);
            try (Connection c = DriverManager.getConnection(server.jdbcUrl() + ";token=t0ken");
                    Statement s = c.createStatement()) {
                assertThat(s.execute("SET 'a' = 'b'")).isFalse();
            }
        }
    }

    @Test
    void listensBeyondLoopbackWithCredentials() throws Exception {
        try (WeirServer server = WeirServer.start(ServerOptions.defaults().withHost("0.0.0.0").withPort(0)
                .withBasicAuth("bob", "pw"))) {
            try (Connection c = DriverManager.getConnection("jdbc:weir://127.0.0.1:" + server.port()
                    + ";user=bob;password=pw"); Statement s = c.createStatement()) {
                assertThat(s.execute("SHOW TABLES")).isTrue();
            }
        }
    }
}

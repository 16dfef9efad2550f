package dev.weir.shell;

import dev.weir.core.WeirException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Where a running {@code weir serve} listens, and the credentials it wants: shared by shell and run. */
final class EndpointOptions {

    @Option(names = "--endpoint", paramLabel = "HOST:PORT",
            description = "Send the statements to a running 'weir serve' at HOST:PORT (over JDBC) instead of running"
                    + " them in this process.")
    String endpoint;

    @Option(names = "--user", paramLabel = "USER", description = "User for a server that requires authentication.")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Password of --user.")
    String password;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Token for a server started with --token.")
    String token;

    boolean remote() {
        return endpoint != null;
    }

    /** {@code jdbc:weir://HOST:PORT}, without credentials (they go in the connection properties). */
    String jdbcUrl() {
        String e = endpoint.strip();
        if (e.startsWith("jdbc:weir://")) {
            e = e.substring("jdbc:weir://".length());
        } else if (e.startsWith("http://")) {
            e = e.substring("http://".length());
        }
        if (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        int colon = e.lastIndexOf(':');
        if (e.isEmpty() || e.contains(";") || colon <= 0 || colon == e.length() - 1
                || !e.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            throw new WeirException("--endpoint '" + endpoint + "' is not HOST:PORT; use e.g. --endpoint"
                    + " 127.0.0.1:8765 (where 'weir serve' listens).");
        }
        return "jdbc:weir://" + e;
    }

    /** Connects with the Weir JDBC driver; a refused connection or bad credentials are user errors. */
    Connection connect() {
        if ((user == null) != (password == null)) {
            throw new WeirException("--user and --password go together: give both, or neither.");
        }
        if (user != null && token != null) {
            throw new WeirException("Give either --user/--password or --token, not both.");
        }
        Properties info = new Properties();
        if (user != null) {
            info.setProperty("user", user);
            info.setProperty("password", password);
        }
        if (token != null) {
            info.setProperty("token", token);
        }
        String url = jdbcUrl();
        try {
            // the driver registers itself when its class loads; the shaded jar has it, name it anyway
            Class.forName("dev.weir.server.jdbc.WeirDriver");
            return DriverManager.getConnection(url, info);
        } catch (SQLException e) {
            throw new WeirException(e.getMessage(), e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the Weir JDBC driver is not on the class path", e);
        }
    }
}

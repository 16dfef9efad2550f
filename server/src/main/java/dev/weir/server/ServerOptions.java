package dev.weir.server;

import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link WeirServer}.
 *
 * @param host             the address to bind; loopback unless authentication is configured
 * @param port             the port, 0 for any free one
 * @param sessionConfig    the configuration every new connection's session starts with
 * @param user             HTTP Basic user, or null
 * @param password         HTTP Basic password, or null
 * @param token            a shared secret accepted as the password of user {@value #TOKEN_USER}, or null
 * @param resultBufferRows rows buffered per open SELECT before its job waits for the client
 * @param fetchWaitMillis  how long one fetch waits for a row before returning an empty frame
 * @param allowedPaths     directories under which statements may name local files ({@code --allow-path});
 *                         empty: none (see {@link PathSandbox})
 */
public record ServerOptions(String host, int port, Configuration sessionConfig, String user, String password,
        String token, int resultBufferRows, long fetchWaitMillis, List<Path> allowedPaths) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8765;
    /** The user name a token authenticates as. */
    public static final String TOKEN_USER = "token";

    public ServerOptions {
        Objects.requireNonNull(host, "host is null");
        Objects.requireNonNull(sessionConfig, "sessionConfig is null");
        allowedPaths = List.copyOf(Objects.requireNonNull(allowedPaths, "allowedPaths is null"));
        if (port < 0 || port > 65535) {
            throw new WeirException("Port " + port + " is out of range; use 0-65535 (0 picks a free port).");
        }
        if ((user == null) != (password == null)) {
            throw new WeirException("--user and --password go together: give both, or neither.");
        }
        if (user != null && token != null) {
            throw new WeirException("Give either --user/--password or --token, not both.");
        }
        if (resultBufferRows < 1) {
            throw new WeirException("The result buffer must hold at least one row, got " + resultBufferRows + ".");
        }
        if (fetchWaitMillis < 1) {
            throw new WeirException("The fetch wait must be positive, got " + fetchWaitMillis + " ms.");
        }
    }

    /** Loopback, default port, no authentication. */
    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, Configuration.empty(), null, null, null, 1024, 500, List.of());
    }

    public ServerOptions withHost(String newHost) {
        return new ServerOptions(newHost, port, sessionConfig, user, password, token, resultBufferRows,
                fetchWaitMillis, allowedPaths);
    }

    public ServerOptions withPort(int newPort) {
        return new ServerOptions(host, newPort, sessionConfig, user, password, token, resultBufferRows,
                fetchWaitMillis, allowedPaths);
    }

    public ServerOptions withSessionConfig(Configuration config) {
        return new ServerOptions(host, port, config, user, password, token, resultBufferRows, fetchWaitMillis, allowedPaths);
    }

    public ServerOptions withBasicAuth(String newUser, String newPassword) {
        return new ServerOptions(host, port, sessionConfig, newUser, newPassword, token, resultBufferRows,
                fetchWaitMillis, allowedPaths);
    }

    public ServerOptions withToken(String newToken) {
        return new ServerOptions(host, port, sessionConfig, user, password, newToken, resultBufferRows,
                fetchWaitMillis, allowedPaths);
    }

    public ServerOptions withResultBufferRows(int rows) {
        return new ServerOptions(host, port, sessionConfig, user, password, token, rows, fetchWaitMillis, allowedPaths);
    }

    /** Allows statements to name local files under these directories (replacing any allowed before). */
    public ServerOptions withAllowedPaths(List<Path> dirs) {
        return new ServerOptions(host, port, sessionConfig, user, password, token, resultBufferRows, fetchWaitMillis,
                dirs);
    }

    /** Without the password or token, so options can be logged. */
    @Override
    public String toString() {
        return "ServerOptions[host=" + host + ", port=" + port + ", user=" + user
                + ", password=" + (password == null ? null : "***") + ", token=" + (token == null ? null : "***")
                + ", resultBufferRows=" + resultBufferRows + ", fetchWaitMillis=" + fetchWaitMillis
                + ", allowedPaths=" + allowedPaths + "]";
    }

    public boolean requiresAuthentication() {
        return user != null || token != null;
    }

    /** The user and password clients must send, or null without authentication. */
    String[] credentials() {
        if (token != null) {
            return new String[] {TOKEN_USER, token};
        }
        return user == null ? null : new String[] {user, password};
    }

    /** Refuses to expose an unauthenticated server beyond this machine. */
    void checkBindAllowed() {
        if (requiresAuthentication()) {
            return;
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new WeirException("Cannot resolve --host '" + host + "': " + e.getMessage());
        }
        if (!loopback) {
            throw new WeirException("Refusing to listen on " + host + " without authentication: anyone who can reach"
                    + " it could run SQL (and read files) as this process. Add --user U --password P (HTTP Basic) or"
                    + " --token T, or listen on 127.0.0.1.");
        }
    }
}

package dev.weir.server.jdbc;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Translates {@code jdbc:weir://host:port[;key=value]...} into the property form Avatica's remote
 * driver reads ({@code url=http://host:port;serialization=protobuf;...}). {@code user} and
 * {@code password} (in the URL or the connection properties) become HTTP Basic credentials;
 * {@code token=T} becomes user {@code token} with password T; other keys pass through to Avatica.
 */
final class WeirUrl {
    static final String PREFIX = "jdbc:weir:";
    private static final String SHORT_PREFIX = "jdbc:weir://";
    private static final String TOKEN_USER = "token";

    private WeirUrl() {
    }

    static boolean isShortForm(String url) {
        return url.startsWith(SHORT_PREFIX);
    }

    /** The Avatica property string (after the prefix) for a short-form URL and its properties. */
    static String toAvaticaProperties(String url, Properties info) throws SQLException {
        String rest = url.substring(SHORT_PREFIX.length());
        String[] parts = rest.split(";");
        String hostPort = parts[0].trim();
        if (hostPort.endsWith("/")) {
            hostPort = hostPort.substring(0, hostPort.length() - 1);
        }
        if (hostPort.isEmpty()) {
            throw new SQLException("Bad Weir JDBC URL '" + redact(url) + "': expected jdbc:weir://host:port, for"
                    + " example jdbc:weir://127.0.0.1:8765", "08001");
        }
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new SQLException("Bad Weir JDBC URL '" + redact(url) + "': '" + redact(p)
                        + "' is not key=value.", "08001");
            }
            props.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        String user = first(props.remove("user"), info == null ? null : info.getProperty("user"));
        String password = first(props.remove("password"), info == null ? null : info.getProperty("password"));
        String token = first(props.remove("token"), info == null ? null : info.getProperty("token"));
        if (token != null) {
            user = TOKEN_USER;
            password = token;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("url=http://").append(hostPort).append(";serialization=protobuf");
        if (user != null) {
            sb.append(";authentication=BASIC;avatica_user=").append(user)
                    .append(";avatica_password=").append(password == null ? "" : password);
        }
        for (Map.Entry<String, String> e : props.entrySet()) {
            sb.append(';').append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    /** The URL with any password or token masked, for messages. */
    static String redact(String url) {
        return url.replaceAll("(?i)((?:password|token|avatica_password)=)[^;]*", "$1***");
    }
}

package dev.weir.server.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.DriverVersion;

/**
 * The Weir JDBC driver: {@code jdbc:weir://host:port[;user=U;password=P]} or
 * {@code jdbc:weir://host:port;token=T}. Built on Avatica's remote driver with protobuf
 * serialization; its statements also stop the server-side query on {@code cancel()} and on
 * {@code setQueryTimeout}, which Avatica's protocol has no message for.
 */
public final class WeirDriver extends org.apache.calcite.avatica.remote.Driver {
    static {
        new WeirDriver().register();
    }

    public WeirDriver() {
        super();
    }

    @Override
    protected String getConnectStringPrefix() {
        return WeirUrl.PREFIX;
    }

    @Override
    protected AvaticaFactory createFactory() {
        return new WeirJdbcFactory(instantiateFactory("org.apache.calcite.avatica.AvaticaJdbc41Factory"));
    }

    @Override
    protected DriverVersion createDriverVersion() {
        return new DriverVersion("Weir JDBC Driver", "0.1.0", "Weir", "0.1.0", false, 0, 1, 0, 1);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(WeirUrl.PREFIX);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String avatica = WeirUrl.isShortForm(url) ? WeirUrl.PREFIX + WeirUrl.toAvaticaProperties(url, info) : url;
        try {
            return super.connect(avatica, info);
        } catch (SQLException | RuntimeException e) {
            throw connectFailure(url, e);
        }
    }

    /** A failed connect as the user should read it: bad credentials, or no server there. */
    private static SQLException connectFailure(String url, Exception e) {
        String where = WeirUrl.redact(url);
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("HTTP/401") || m.contains("HTTP/403")) {
                return new SQLInvalidAuthorizationSpecException("Authentication failed for " + where
                        + ": wrong or missing user/password (or token). Pass them as ;user=U;password=P or"
                        + " ;token=T in the URL, or as the user and password of getConnection.", "28000");
            }
            if (c instanceof java.net.ConnectException || m.contains("Connection refused")) {
                return new SQLNonTransientConnectionException("No Weir server answers at " + where
                        + ": is 'weir serve' running there, on that port?", "08001", e);
            }
        }
        return e instanceof SQLException sql ? sql : new SQLException("Cannot connect to " + where + ": "
                + e.getMessage(), "08001", e);
    }
}

package dev.weir.server.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;

/**
 * A result set whose end, after a query timeout, is reported as
 * {@link java.sql.SQLTimeoutException} rather than as an ordinary end or a cancel.
 */
final class WeirResultSet extends AvaticaResultSet {
    private final QueryControl control;
    private boolean exhausted;

    WeirResultSet(AvaticaStatement statement, QueryState state, Meta.Signature signature,
            ResultSetMetaData resultSetMetaData, TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
        super(statement, state, signature, resultSetMetaData, timeZone, firstFrame);
        this.control = statement instanceof QueryControl.Controlled c ? c.control() : null;
        if (control != null) {
            control.resultSetOpened();
        }
    }

    @Override
    public boolean next() throws SQLException {
        boolean more;
        try {
            more = super.next();
        } catch (SQLException e) {
            exhausted = true;
            if (control != null) {
                control.checkTimedOut(e);
                control.resultSetEnded();
            }
            throw RemoteErrors.clean(e);
        }
        if (!more) {
            exhausted = true;
            if (control != null) {
                control.checkTimedOut(null);
                control.resultSetEnded();
            }
        }
        return more;
    }

    /** Closing a result set before its end also stops its query on the server (JDBC semantics). */
    @Override
    public void close() {
        if (control != null) {
            control.resultSetEnded();
            try {
                if (!exhausted && !isClosed()) {
                    control.stopOnServer();
                }
            } catch (SQLException | RuntimeException e) {
                // The connection is gone: then so is the query.
            }
        }
        exhausted = true;
        super.close();
    }
}

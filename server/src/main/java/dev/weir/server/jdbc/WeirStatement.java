package dev.weir.server.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;

/** A plain statement whose cancel and timeout also stop the query on the server. */
final class WeirStatement extends AvaticaStatement implements QueryControl.Controlled {
    private final QueryControl control = new QueryControl(this, this::cancelClientSide, () -> cancelFlag.set(false));

    WeirStatement(AvaticaConnection connection, Meta.StatementHandle h, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) {
        super(connection, h, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public QueryControl control() {
        return control;
    }

    private void cancelClientSide() {
        try {
            super.cancel();
        } catch (SQLException e) {
            // closed: nothing to flag
        }
    }

    @Override
    public void cancel() throws SQLException {
        control.cancel();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        try {
            long count = super.executeLargeUpdate(sql);
            return control.afterUpdate(openResultSet, count);
        } catch (SQLException e) {
            throw RemoteErrors.clean(e);
        }
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        try {
            return super.execute(sql);
        } catch (SQLException e) {
            throw RemoteErrors.clean(e);
        }
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        try {
            return super.executeQuery(sql);
        } catch (SQLException e) {
            throw RemoteErrors.clean(e);
        }
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        return control.generatedKeys();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return control.warning();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        control.clearWarning();
    }

    @Override
    protected void close_() {
        control.resultSetEnded();
        super.close_();
    }
}

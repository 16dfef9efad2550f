package dev.weir.server;

import dev.weir.core.config.Configuration;
import dev.weir.planner.SqlSession;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.avatica.ConnectionPropertiesImpl;

/**
 * The server side of one JDBC connection: its own {@link SqlSession} (catalog and SET values,
 * as in Flink's SQL gateway, where each session has its own), its statements, and the
 * connection properties the client synced. Statements of one connection may run concurrently
 * (a fetch blocks while another statement cancels it), so the session is used under its lock.
 */
final class ClientSession {
    /** One statement: the SQL it prepared, if any, and its open result, if any. */
    static final class StatementState {
        volatile String preparedSql;
        private QueryCursor cursor;

        synchronized QueryCursor cursor() {
            return cursor;
        }

        /** Installs a new open result, closing the previous one (JDBC re-execution). */
        synchronized void replaceCursor(QueryCursor next) {
            if (cursor != null) {
                cursor.close();
            }
            cursor = next;
        }
    }

    private final String connectionId;
    private final SqlSession session;
    private final Map<Integer, StatementState> statements = new ConcurrentHashMap<>();
    private final ConnectionPropertiesImpl properties = new ConnectionPropertiesImpl();

    ClientSession(String connectionId, Configuration initial) {
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId is null");
        this.session = new SqlSession(initial);
    }

    String connectionId() {
        return connectionId;
    }

    /** The session; callers hold this object's lock while using it (it is not thread-safe). */
    SqlSession session() {
        return session;
    }

    StatementState statement(int id) {
        return statements.computeIfAbsent(id, k -> new StatementState());
    }

    StatementState existingStatement(int id) {
        return statements.get(id);
    }

    void closeStatement(int id) {
        StatementState s = statements.remove(id);
        if (s != null) {
            s.replaceCursor(null);
        }
    }

    /** Closes the open results nobody fetched from for {@code idleNanos}; returns how many. */
    int closeIdle(long nowNanos, long idleNanos) {
        int closed = 0;
        for (StatementState s : statements.values()) {
            QueryCursor c = s.cursor();
            if (c != null && c.isIdle(nowNanos, idleNanos)) {
                c.close();
                closed++;
            }
        }
        return closed;
    }

    void closeAll() {
        for (Integer id : statements.keySet()) {
            closeStatement(id);
        }
    }

    synchronized ConnectionPropertiesImpl sync(org.apache.calcite.avatica.Meta.ConnectionProperties update) {
        properties.merge(update);
        properties.setDirty(false);
        return properties;
    }
}

package dev.weir.server;

import dev.weir.core.Row;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.TableContext;
import java.util.Set;

/**
 * The {@code weir-jdbc-collect} connector: the sink of a SELECT sent over JDBC. It hands rows to
 * the query's bounded {@link ResultChannel}, which the result set's fetches drain. Results are
 * not checkpointed (a SELECT over JDBC does not resume), so commits are no-ops.
 */
public final class CollectSinkFactory implements ConnectorFactory {
    /** The connector identifier the server puts into a SELECT's sink. */
    public static final String IDENTIFIER = "weir-jdbc-collect";
    /** The option naming the query whose channel receives the rows. */
    public static final String QUERY_ID = "query-id";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<String> requiredOptions() {
        return Set.of(QUERY_ID);
    }

    @Override
    public Set<String> optionalOptions() {
        return Set.of();
    }

    @Override
    public boolean isSink() {
        return true;
    }

    /**
     * A result set carries every change kind in its {@code op} column. (Declared without
     * {@code @Override} so it compiles against an executor from before the SPI gained it.)
     */
    public boolean acceptsUpdates(TableContext context) {
        return true;
    }

    @Override
    public SinkWriter createWriter(TableContext context) {
        String queryId = context.option(QUERY_ID);
        return new Writer(queryId, ResultChannels.lookup(queryId));
    }

    /** Writes into the channel; everything is visible at once, so there is nothing to commit. */
    private static final class Writer implements SinkWriter {
        private final String queryId;
        private final ResultChannel channel;

        Writer(String queryId, ResultChannel channel) {
            this.queryId = queryId;
            this.channel = channel;
        }

        @Override
        public void write(Row row) throws InterruptedException {
            channel.put(row);
        }

        @Override
        public byte[] prepareCommit(long checkpointId) {
            return null;
        }

        @Override
        public void commit(long checkpointId) {
        }

        @Override
        public void finish() {
            channel.end();
        }

        @Override
        public void close() {
            ResultChannels.unregister(queryId);
        }
    }
}

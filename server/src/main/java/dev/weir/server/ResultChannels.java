package dev.weir.server;

import dev.weir.core.WeirException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a SELECT's collecting sink finds its channel. Connector factories are created by
 * {@link java.util.ServiceLoader} inside the job, so the only link between the server that
 * opened the query and the job's sink is the {@code query-id} option and this process-wide map.
 */
final class ResultChannels {
    private static final Map<String, ResultChannel> CHANNELS = new ConcurrentHashMap<>();

    private ResultChannels() {
    }

    static void register(String queryId, ResultChannel channel) {
        if (CHANNELS.putIfAbsent(queryId, channel) != null) {
            throw new IllegalStateException("query id " + queryId + " is already registered");
        }
    }

    static ResultChannel lookup(String queryId) {
        ResultChannel channel = CHANNELS.get(queryId);
        if (channel == null) {
            throw new WeirException("No JDBC query '" + queryId + "' is waiting for rows: the '"
                    + CollectSinkFactory.IDENTIFIER + "' connector only serves SELECT statements sent to"
                    + " 'weir serve'; use another connector in CREATE TABLE.");
        }
        return channel;
    }

    static void unregister(String queryId) {
        CHANNELS.remove(queryId);
    }
}

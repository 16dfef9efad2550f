package dev.weir.connectors.collect;

import dev.weir.core.WeirException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a collecting sink finds its queue. Connector factories are created by
 * {@link java.util.ServiceLoader} inside the job, so the only link between the code that opened
 * the query and the job's sink is the {@value CollectSinkFactory#COLLECT_ID} option and this
 * process-wide map.
 */
public final class CollectQueues {
    private static final Map<String, CollectQueue> OPEN = new ConcurrentHashMap<>();

    private CollectQueues() {
    }

    /** Makes {@code queue} findable by the collecting sink of the job that will fill it. */
    public static void register(String id, CollectQueue queue) {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(queue, "queue is null");
        if (OPEN.putIfAbsent(id, queue) != null) {
            throw new IllegalStateException("collect id " + id + " is already registered");
        }
    }

    static CollectQueue lookup(String id) {
        CollectQueue queue = id == null ? null : OPEN.get(id);
        if (queue == null) {
            throw new WeirException("No query '" + id + "' is waiting for rows: the '" + CollectSinkFactory.IDENTIFIER
                    + "' connector only serves the results of SELECT statements run by the shell or 'weir serve';"
                    + " use another connector in CREATE TABLE.");
        }
        return queue;
    }

    /** Forgets the queue; idempotent, since both its job and its consumer may end first. */
    public static void unregister(String id) {
        OPEN.remove(id);
    }
}

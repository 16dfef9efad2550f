package dev.weir.executor.testing;

import dev.weir.core.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** In-memory tables for the test {@code values} connector: source data by id, committed sink output by id. */
public final class ValuesRegistry {
    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<String, List<Row>> DATA = new ConcurrentHashMap<>();
    private static final Map<String, Sink> SINKS = new ConcurrentHashMap<>();

    private ValuesRegistry() {
    }

    /** Registers source rows; returns the {@code 'data-id'} to put in the table options. */
    public static String register(List<Row> rows) {
        String id = "data-" + IDS.incrementAndGet();
        DATA.put(id, List.copyOf(rows));
        return id;
    }

    /** A fresh {@code 'sink-id'}. */
    public static String newSinkId() {
        return "sink-" + IDS.incrementAndGet();
    }

    static List<Row> data(String id) {
        List<Row> rows = DATA.get(id);
        if (rows == null) {
            throw new IllegalArgumentException("No values registered under data-id '" + id + "'");
        }
        return rows;
    }

    /** Rows made visible (committed) by sink {@code sinkId}, in commit order. */
    public static List<Row> committed(String sinkId) {
        Sink sink = SINKS.get(sinkId);
        if (sink == null) {
            return List.of();
        }
        synchronized (sink) {
            return List.copyOf(sink.rows);
        }
    }

    /** Commits a checkpoint's rows once, however often it is called. */
    static void commit(String sinkId, long checkpointId, List<Row> rows) {
        Sink sink = SINKS.computeIfAbsent(sinkId, k -> new Sink());
        synchronized (sink) {
            if (sink.committedCheckpoints.add(checkpointId)) {
                sink.rows.addAll(rows);
            }
        }
    }

    static void appendFinal(String sinkId, List<Row> rows) {
        Sink sink = SINKS.computeIfAbsent(sinkId, k -> new Sink());
        synchronized (sink) {
            sink.rows.addAll(rows);
        }
    }

    private static final class Sink {
        final List<Row> rows = new ArrayList<>();
        final Set<Long> committedCheckpoints = new HashSet<>();
    }
}

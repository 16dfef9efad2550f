package dev.weir.conformance;

import dev.weir.core.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rows one collecting sink received, in arrival order. Buffers live in a static registry by
 * id because the job builds its sink writer through the connector SPI on its own thread; the
 * runner opens a buffer before submitting the job and removes it after reading it.
 */
final class CollectedRows {
    private static final Map<String, CollectedRows> REGISTRY = new ConcurrentHashMap<>();

    private final List<Row> rows = new ArrayList<>();

    private CollectedRows() {
    }

    static CollectedRows open(String id) {
        CollectedRows fresh = new CollectedRows();
        if (REGISTRY.putIfAbsent(id, fresh) != null) {
            throw new IllegalStateException("collect buffer '" + id + "' is already open");
        }
        return fresh;
    }

    static CollectedRows get(String id) {
        CollectedRows rows = REGISTRY.get(id);
        if (rows == null) {
            throw new IllegalStateException("no collect buffer '" + id + "' is open");
        }
        return rows;
    }

    static void close(String id) {
        REGISTRY.remove(id);
    }

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }
}

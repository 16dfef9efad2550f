package dev.weir.state.internal;

import dev.weir.core.serde.TypeSerializer;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.TimerService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Timers on the heap, used by both backends: a priority queue by timestamp for firing plus a
 * hash set of live timers for de-duplication. Deletion is lazy (the set is the truth; stale queue
 * entries are skipped when polled and compacted away when they pile up), which keeps
 * delete O(1) instead of the queue's O(n) remove.
 */
final class HeapTimerService<N> implements TimerService<N> {
    private static final Comparator<Timer> BY_TIMESTAMP = (a, b) -> Long.compare(a.timestamp(), b.timestamp());

    private final KeyedStateBackend backend;
    private final TypeSerializer<N> namespaceSerializer;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>(BY_TIMESTAMP);
    private final HashSet<Timer> live = new HashSet<>();

    HeapTimerService(KeyedStateBackend backend, TypeSerializer<N> namespaceSerializer) {
        this.backend = Objects.requireNonNull(backend, "backend is null");
        this.namespaceSerializer = Objects.requireNonNull(namespaceSerializer, "namespaceSerializer is null");
    }

    /** A registered timer; equal timers are the same timer. */
    record Timer(Object key, Object namespace, long timestamp) {
    }

    TypeSerializer<N> namespaceSerializer() {
        return namespaceSerializer;
    }

    @Override
    public void registerEventTimeTimer(N namespace, long timestamp) {
        Object key = backend.currentKey();
        if (key == null) {
            throw new IllegalStateException("registerEventTimeTimer called before setCurrentKey");
        }
        register(key, Objects.requireNonNull(namespace, "namespace is null"), timestamp);
    }

    void register(Object key, Object namespace, long timestamp) {
        Timer timer = new Timer(key, namespace, timestamp);
        if (live.add(timer)) {
            queue.add(timer);
        }
    }

    @Override
    public void deleteEventTimeTimer(N namespace, long timestamp) {
        if (live.remove(new Timer(backend.currentKey(), namespace, timestamp)) && queue.size() > 2 * live.size() + 64) {
            queue.clear();
            queue.addAll(live);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void advanceWatermark(long watermark, Callback<N> callback) throws Exception {
        Timer head;
        while ((head = queue.peek()) != null && head.timestamp() <= watermark) {
            queue.poll();
            if (live.remove(head)) {
                backend.setCurrentKey(head.key());
                callback.onTimer(head.key(), (N) head.namespace(), head.timestamp());
            }
        }
    }

    @Override
    public int size() {
        return live.size();
    }

    /** A copy of the live timers, for snapshots. */
    List<Timer> liveTimers() {
        return new ArrayList<>(live);
    }
}

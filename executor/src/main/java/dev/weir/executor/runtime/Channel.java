package dev.weir.executor.runtime;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One bounded queue from an upstream subtask to a downstream subtask. A full queue blocks the
 * sender ({@link #put}), which is the back-pressure: nothing is buffered without bound. The
 * receiver polls without blocking and parks; a put wakes it.
 */
final class Channel {
    private final ArrayBlockingQueue<Object> queue;
    private volatile Thread receiver;

    Channel(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    void setReceiver(Thread receiver) {
        this.receiver = receiver;
    }

    /** Blocks while the queue is full; an interrupt (job cancelled or failed) ends the wait. */
    void put(Object event) throws InterruptedException {
        queue.put(event);
        Thread r = receiver;
        if (r != null) {
            LockSupport.unpark(r);
        }
    }

    /** The next event, or null if none is queued. */
    Object poll() {
        return queue.poll();
    }

    int size() {
        return queue.size();
    }

    int capacity() {
        return queue.size() + queue.remainingCapacity();
    }
}

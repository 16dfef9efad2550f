package dev.weir.state;

import java.io.IOException;

/**
 * The asynchronous part of a keyed-state snapshot, returned by
 * {@link KeyedStateBackend#snapshotAsync}. The synchronous part has already captured a consistent
 * view of the state at the barrier; {@link #complete} writes that view into the snapshot directory
 * (files, timers, {@code state.meta} last), on any thread, while the task thread keeps changing
 * the live state. Later state changes never reach the files.
 *
 * <p>Exactly one of {@link #complete} or {@link #discard} is called. {@link #complete} reacts to an
 * interrupt of its thread by failing (the checkpoint is being aborted): the caller then deletes
 * the directory.
 */
public interface PendingSnapshot {
    /** A snapshot whose files were all written synchronously. */
    PendingSnapshot DONE = new PendingSnapshot() {
        @Override
        public void complete() {
        }

        @Override
        public void discard() {
        }
    };

    /** Writes the captured state into the snapshot directory. */
    void complete() throws IOException;

    /** Releases what the synchronous part captured, without writing it (the checkpoint was aborted). */
    void discard();
}

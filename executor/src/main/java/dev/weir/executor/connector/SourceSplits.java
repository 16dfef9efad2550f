package dev.weir.executor.connector;

/**
 * The splits a {@link SourceReader} interleaves (a Kafka subtask's partitions), so that the table's
 * watermark can be kept per split, as Flink's Kafka source does: a split ahead in event time then
 * does not make the rows of a slower split late. A reader that has one split (files, datagen)
 * offers none ({@link SourceReader#splits()} is null).
 *
 * <p>Split indexes run from 0 to {@code count() - 1} and stay fixed for the reader's life; an
 * {@link #id} is the split's identity across runs and parallelisms (a Kafka partition:
 * {@code topic-partition}), under which its watermark is checkpointed. All methods are called on the
 * task thread.
 */
public interface SourceSplits {

    int count();

    /** The stable identity of split {@code split}, such as {@code orders-3}. */
    String id(int split);

    /**
     * The split of the row being emitted. Read by the watermark assigner while the row passes
     * through the chain, i.e. while the reader is inside its emit call, so a reader sets it before
     * handing out each record's rows.
     */
    int current();

    /**
     * Whether split {@code split} has ended (a bounded read reached its stop offset): it emits
     * nothing more and no longer holds the watermark back. A reader that knows a split ends with
     * the record it is emitting says so before emitting its rows.
     */
    boolean ended(int split);
}

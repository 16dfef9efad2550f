package dev.weir.executor.runtime;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.keys.KeyGroups;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operators.OperatorMetrics;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The end of a subtask's chain in front of an exchange: routes each row to the downstream subtask
 * owning its key group ({@link KeyGroups}) or, for a rebalance exchange ({@link #rebalance}), to the
 * downstream subtasks in turn (round robin, as Flink's RebalancePartitioner), or, for a broadcast exchange
 * ({@link #broadcast}), to every downstream subtask (the same row object: rows are immutable), in per-channel
 * batches.
 * Watermarks, barriers, idleness and the end go to every channel either way. A watermark travels
 * in each channel's batch just before the first row that followed it (or at the end of the batch
 * at the next {@link #flush()}), so every receiver sees rows and watermarks in the order this
 * subtask produced them.
 */
final class ExchangeOutput implements Output, Consumer<Row> {
    static final int BATCH_SIZE = 256;

    private final Channel[] channels;
    private final int[] keyIndices;
    private final int maxParallelism;
    private final OperatorMetrics upstream;
    private final Row[][] buffers;
    private final long[][] watermarksBefore;
    private final int[] sizes;
    private long pendingWatermark = Long.MIN_VALUE;
    /** Per channel: the latest watermark placed into its stream (sent, or buffered before a row). */
    private final long[] channelWatermarks;
    private boolean idle;
    private boolean ended;
    /** Whether rows go round robin; else by key group. */
    private final boolean rebalance;
    /** Whether every row goes to every channel. */
    private final boolean toEveryChannel;
    /** The channel the next row goes to when rebalancing. */
    private int nextChannel;

    /** @param upstream the metrics of the operator whose output this is (rows out are counted here) */
    ExchangeOutput(Channel[] channels, int[] keyIndices, int maxParallelism, OperatorMetrics upstream) {
        this(channels, keyIndices, maxParallelism, upstream, false, false, 0);
    }

    /**
     * A rebalance exchange: the rows of this upstream subtask go to {@code channels} in turn, starting at
     * channel {@code first} (the upstream subtask's index, so that upstream subtasks start apart; Flink
     * starts at a random channel).
     */
    static ExchangeOutput rebalance(Channel[] channels, int first, OperatorMetrics upstream) {
        return new ExchangeOutput(channels, new int[0], 1, upstream, true, false, first % channels.length);
    }

    /** A broadcast exchange: every row of this upstream subtask goes to all {@code channels}. */
    static ExchangeOutput broadcast(Channel[] channels, OperatorMetrics upstream) {
        return new ExchangeOutput(channels, new int[0], 1, upstream, false, true, 0);
    }

    private ExchangeOutput(Channel[] channels, int[] keyIndices, int maxParallelism, OperatorMetrics upstream,
            boolean rebalance, boolean toEveryChannel, int first) {
        this.rebalance = rebalance;
        this.toEveryChannel = toEveryChannel;
        this.nextChannel = first;
        this.channels = channels.clone();
        this.keyIndices = keyIndices.clone();
        this.maxParallelism = maxParallelism;
        this.upstream = upstream;
        this.buffers = new Row[channels.length][BATCH_SIZE];
        this.watermarksBefore = new long[channels.length][BATCH_SIZE];
        this.sizes = new int[channels.length];
        this.channelWatermarks = new long[channels.length];
        Arrays.fill(channelWatermarks, Long.MIN_VALUE);
    }

    /**
     * The hash {@code Row.wrap(INSERT, keyFields).hashCode()} would give, without building the key row: the keyed
     * operator downstream builds exactly that row as its state key, so both agree on the key group.
     */
    static int keyHash(Row row, int[] keyIndices) {
        int h = 1;
        for (int k : keyIndices) {
            Object v = row.field(k);
            int e;
            if (v == null) {
                e = 0;
            } else if (v instanceof byte[] bytes) {
                e = Arrays.hashCode(bytes);
            } else {
                e = v.hashCode();
            }
            h = 31 * h + e;
        }
        return 31 * RowKind.INSERT.toByteValue() + h;
    }

    int channelFor(Row row) {
        if (rebalance) {
            int c = nextChannel;
            nextChannel = c + 1 == channels.length ? 0 : c + 1;
            return c;
        }
        int keyGroup = KeyGroups.computeKeyGroupForHash(keyHash(row, keyIndices), maxParallelism);
        return KeyGroups.subtaskForKeyGroup(maxParallelism, channels.length, keyGroup);
    }

    @Override
    public void collect(Row row) {
        upstream.incrementRowsOut();
        if (idle) {
            idle = false;
            broadcast(ExchangeEvents.ACTIVE);
        }
        if (toEveryChannel) {
            for (int c = 0; c < channels.length; c++) {
                add(c, row);
            }
        } else {
            add(channelFor(row), row);
        }
    }

    private void add(int c, Row row) {
        int i = sizes[c]++;
        buffers[c][i] = row;
        if (pendingWatermark > channelWatermarks[c]) {
            watermarksBefore[c][i] = pendingWatermark;
            channelWatermarks[c] = pendingWatermark;
        } else {
            watermarksBefore[c][i] = ExchangeEvents.NO_WATERMARK;
        }
        if (sizes[c] == BATCH_SIZE) {
            send(c, ExchangeEvents.NO_WATERMARK);
        }
    }

    @Override
    public void accept(Row row) {
        collect(row);
    }

    @Override
    public void emitWatermark(long watermark) {
        if (watermark > pendingWatermark) {
            pendingWatermark = watermark;
        }
    }

    /** Sends every buffered row and the latest watermark. */
    void flush() {
        for (int c = 0; c < channels.length; c++) {
            boolean newWatermark = pendingWatermark > channelWatermarks[c];
            if (sizes[c] > 0 || newWatermark) {
                send(c, newWatermark ? pendingWatermark : ExchangeEvents.NO_WATERMARK);
                channelWatermarks[c] = Math.max(channelWatermarks[c], pendingWatermark);
            }
        }
    }

    void barrier(long checkpointId) {
        if (ended) {
            return;
        }
        flush();
        broadcast(new ExchangeEvents.Barrier(checkpointId));
    }

    void markIdle() {
        if (!idle && !ended) {
            flush();
            idle = true;
            broadcast(ExchangeEvents.IDLE);
        }
    }

    void end() {
        if (!ended) {
            flush();
            broadcast(ExchangeEvents.END);
            ended = true;
        }
    }

    private void send(int c, long watermark) {
        put(c, new ExchangeEvents.Batch(buffers[c], watermarksBefore[c], sizes[c], watermark));
        buffers[c] = new Row[BATCH_SIZE];
        watermarksBefore[c] = new long[BATCH_SIZE];
        sizes[c] = 0;
    }

    private void broadcast(Object event) {
        for (int c = 0; c < channels.length; c++) {
            put(c, event);
        }
    }

    private void put(int c, Object event) {
        try {
            channels[c].put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperatorException(e);
        }
    }
}

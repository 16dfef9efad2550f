package dev.weir.connectors.kafka;

import dev.weir.connectors.format.BadRecordException;
import dev.weir.core.Row;
import dev.weir.core.WeirException;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.SourceSplits;
import dev.weir.executor.connector.TableContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this subtask's partitions of a Kafka table. Partitions are assigned manually (no group
 * rebalancing): all partitions of the topics, sorted, split round-robin over the subtasks. The
 * position is partition → next offset; a reader restored from it seeks there, so the rows after
 * the checkpoint are read exactly once more.
 */
final class KafkaSourceReader implements SourceReader {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceReader.class);
    /** 2: the upsert decoder's rows grouped by partition ({@link UpsertRecordDecoder}); 1 is still read. */
    static final byte POSITION_VERSION = 2;
    /** Short, so that a poll with nothing to read does not delay a checkpoint for long. */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(20);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTableOptions options;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecordDecoder decoder;
    private final TopicPartition[] partitions;
    private final Map<TopicPartition, Integer> indexOf = new HashMap<>();
    /** Next offset to emit per partition, the checkpointed position. */
    private final long[] nextOffsets;
    /** Bounded mode: the end offsets at start; a partition is done when its position reaches them. */
    private final long[] stopOffsets;
    private final boolean[] done;
    private int remaining;
    /** Written by the task thread only; read for metrics from others. */
    private volatile long skipped;
    private boolean sampleLogged;
    /** The partition whose record's rows are being emitted: the per-partition watermarks read it. */
    private int currentSplit;
    private final SourceSplits splits = new Splits();

    KafkaSourceReader(KafkaTableOptions options, TableContext context) {
        this(options, context, options.newRecordDecoder());
    }

    /** A reader whose records are decoded by {@code decoder} (upsert-kafka's key-aware one). */
    KafkaSourceReader(KafkaTableOptions options, TableContext context, RecordDecoder decoder) {
        this.options = Objects.requireNonNull(options, "options is null");
        this.decoder = Objects.requireNonNull(decoder, "decoder is null");
        Map<String, Object> props = new HashMap<>(options.clientProperties());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "weir-" + options.table() + "-" + context.subtaskIndex());
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> all = discover();
            List<TopicPartition> mine = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (i % context.parallelism() == context.subtaskIndex()) {
                    mine.add(all.get(i));
                }
            }
            this.partitions = mine.toArray(new TopicPartition[0]);
            for (int i = 0; i < partitions.length; i++) {
                indexOf.put(partitions[i], i);
            }
            this.nextOffsets = new long[partitions.length];
            this.stopOffsets = new long[partitions.length];
            this.done = new boolean[partitions.length];
            consumer.assign(mine);
            Map<TopicPartition, Long> restored = context.restoredState() == null ? null : restore(context.restoredState());
            seekToStart(restored);
            for (int i = 0; i < partitions.length; i++) {
                nextOffsets[i] = consumer.position(partitions[i], METADATA_TIMEOUT);
            }
            remaining = partitions.length;
            if (options.bounded()) {
                Map<TopicPartition, Long> ends = consumer.endOffsets(mine, METADATA_TIMEOUT);
                for (int i = 0; i < partitions.length; i++) {
                    stopOffsets[i] = ends.get(partitions[i]);
                    markDoneIfReached(i, nextOffsets[i]);
                }
            }
            LOG.info("Table '{}' subtask {}: reading {} from offsets {}", options.table(), context.subtaskIndex(), mine,
                    java.util.Arrays.toString(nextOffsets));
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /** All partitions of the table's topics, sorted by topic and partition so every subtask agrees. */
    private List<TopicPartition> discover() {
        List<TopicPartition> all = new ArrayList<>();
        if (options.topicPattern() != null) {
            for (Map.Entry<String, List<PartitionInfo>> e : consumer.listTopics(METADATA_TIMEOUT).entrySet()) {
                if (options.topicPattern().matcher(e.getKey()).matches()) {
                    for (PartitionInfo p : e.getValue()) {
                        all.add(new TopicPartition(p.topic(), p.partition()));
                    }
                }
            }
            if (all.isEmpty()) {
                LOG.warn("Table '{}': no topic matches 'topic-pattern' = '{}'; nothing to read.", options.table(),
                        options.topicPattern());
            }
        } else {
            for (String topic : options.topics()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
                if (infos == null || infos.isEmpty()) {
                    throw new WeirException("Table '" + options.table() + "': topic '" + topic + "' does not exist on "
                            + options.clientProperties().get("bootstrap.servers") + ". Create it, or fix 'topic'.");
                }
                for (PartitionInfo p : infos) {
                    all.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
        }
        all.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return all;
    }

    private void seekToStart(Map<TopicPartition, Long> restored) {
        List<TopicPartition> rest = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (restored != null && restored.containsKey(tp)) {
                consumer.seek(tp, restored.get(tp));
            } else {
                rest.add(tp);
            }
        }
        if (rest.isEmpty()) {
            return;
        }
        if (restored != null) {
            // a partition that appeared after the checkpoint: read it whole, as a new partition
            consumer.seekToBeginning(rest);
            return;
        }
        switch (options.startupMode()) {
            case EARLIEST_OFFSET -> consumer.seekToBeginning(rest);
            case LATEST_OFFSET -> consumer.seekToEnd(rest);
            case TIMESTAMP -> {
                Map<TopicPartition, Long> query = new HashMap<>();
                for (TopicPartition tp : rest) {
                    query.put(tp, options.startupTimestamp());
                }
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, METADATA_TIMEOUT);
                List<TopicPartition> none = new ArrayList<>();
                for (TopicPartition tp : rest) {
                    OffsetAndTimestamp ot = found.get(tp);
                    if (ot == null) {
                        none.add(tp);
                    } else {
                        consumer.seek(tp, ot.offset());
                    }
                }
                consumer.seekToEnd(none);
            }
            case SPECIFIC_OFFSETS -> {
                List<TopicPartition> unspecified = new ArrayList<>();
                for (TopicPartition tp : rest) {
                    Long offset = options.specificOffsets().get(tp.partition());
                    if (offset == null) {
                        unspecified.add(tp);
                    } else {
                        consumer.seek(tp, offset);
                    }
                }
                consumer.seekToBeginning(unspecified);
            }
            case GROUP_OFFSETS -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        consumer.committed(new java.util.HashSet<>(rest), METADATA_TIMEOUT);
                String reset = options.clientProperties().getOrDefault(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
                for (TopicPartition tp : rest) {
                    OffsetAndMetadata om = committed.get(tp);
                    if (om != null) {
                        consumer.seek(tp, om.offset());
                    } else if (reset.equalsIgnoreCase("earliest")) {
                        consumer.seekToBeginning(List.of(tp));
                    } else if (reset.equalsIgnoreCase("latest")) {
                        consumer.seekToEnd(List.of(tp));
                    } else {
                        throw new WeirException("Table '" + options.table() + "': group '"
                                + options.clientProperties().get("group.id") + "' has no committed offset for " + tp
                                + ". Set 'properties.auto.offset.reset' to 'earliest' or 'latest', or choose another"
                                + " 'scan.startup.mode'.");
                    }
                }
            }
            default -> throw new IllegalStateException("unknown startup mode " + options.startupMode());
        }
    }

    @Override
    public InputStatus pollNext(Consumer<Row> out) {
        if (options.bounded() && remaining == 0) {
            return InputStatus.END_OF_INPUT;
        }
        if (partitions.length == 0) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        for (TopicPartition tp : records.partitions()) {
            int i = indexOf.get(tp);
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                if (done[i]) {
                    break; // past the stopping offset in bounded mode
                }
                if (options.bounded() && r.offset() >= stopOffsets[i]) {
                    markDoneIfReached(i, r.offset());
                    break;
                }
                // advance the position before handing the rows out: the runtime may snapshot right after
                nextOffsets[i] = r.offset() + 1;
                // and say that the partition ended with this record before its rows go out, so the watermark
                // stops waiting for the partition right at its last row
                markDoneIfReached(i, nextOffsets[i]);
                currentSplit = i;
                decode(r, out);
            }
        }
        if (options.bounded()) {
            // transaction markers and compacted gaps move the position without a record
            for (int i = 0; i < partitions.length; i++) {
                if (!done[i]) {
                    markDoneIfReached(i, consumer.position(partitions[i]));
                }
            }
            if (remaining == 0) {
                return InputStatus.END_OF_INPUT;
            }
        }
        return records.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
    }

    private void markDoneIfReached(int i, long position) {
        if (options.bounded() && !done[i] && position >= stopOffsets[i]) {
            done[i] = true;
            remaining--;
            consumer.pause(List.of(partitions[i]));
        }
    }

    private void decode(ConsumerRecord<byte[], byte[]> r, Consumer<Row> out) {
        try {
            decoder.decode(r, out);
        } catch (BadRecordException e) {
            String where = "topic '" + r.topic() + "' partition " + r.partition() + " offset " + r.offset();
            if (!options.format().ignoreParseErrors()) {
                throw new WeirException("Table '" + options.table() + "': malformed record at " + where + ": "
                        + e.getMessage() + ". Fix the producer, or set '" + options.format().ignoreParseErrorsKey()
                        + "' = 'true' to skip malformed records.");
            }
            skipped++;
            if (!sampleLogged) {
                sampleLogged = true;
                LOG.warn("Table '{}': skipping malformed records (first one at {}: {}); further ones are only counted.",
                        options.table(), where, e.getMessage());
            }
        }
    }

    /** The partitions, so the watermark is kept per partition (as Flink's Kafka source does). */
    @Override
    public SourceSplits splits() {
        return splits;
    }

    /** This reader's partitions as splits: index = position in {@link #partitions}, id = {@code topic-partition}. */
    private final class Splits implements SourceSplits {
        @Override
        public int count() {
            return partitions.length;
        }

        @Override
        public String id(int split) {
            return partitions[split].toString();
        }

        @Override
        public int current() {
            return currentSplit;
        }

        @Override
        public boolean ended(int split) {
            return done[split];
        }
    }

    /** Records skipped so far because of {@code *.ignore-parse-errors}. */
    @Override
    public long skippedRecords() {
        return skipped;
    }

    @Override
    public byte[] snapshotPosition(long checkpointId) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + partitions.length * 32);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(POSITION_VERSION);
        out.writeInt(partitions.length);
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (int i = 0; i < partitions.length; i++) {
            out.writeUTF(partitions[i].topic());
            out.writeInt(partitions[i].partition());
            out.writeLong(nextOffsets[i]);
            commit.put(partitions[i], new OffsetAndMetadata(nextOffsets[i]));
        }
        decoder.snapshot(out);
        out.flush();
        if (options.clientProperties().containsKey(ConsumerConfig.GROUP_ID_CONFIG) && !commit.isEmpty()) {
            // for monitoring and 'group-offsets' starts only: the checkpoint, not the group, is the truth
            consumer.commitAsync(commit, (offsets, e) -> {
                if (e != null) {
                    LOG.debug("Table '{}': committing offsets to the group failed: {}", options.table(), e.toString());
                }
            });
        }
        return bytes.toByteArray();
    }

    private Map<TopicPartition, Long> restore(byte[] state) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
            byte version = in.readByte();
            if (version != 1 && version != POSITION_VERSION) {
                throw new WeirException("Table '" + options.table() + "': the Kafka source position in the checkpoint "
                        + "has an unknown version. Restore from a checkpoint written by this Weir version.");
            }
            int n = in.readInt();
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String topic = in.readUTF();
                int partition = in.readInt();
                offsets.put(new TopicPartition(topic, partition), in.readLong());
            }
            decoder.restore(in, version, indexOf::containsKey);
            return offsets;
        } catch (IOException e) {
            throw new WeirException("Table '" + options.table() + "': the Kafka source position in the checkpoint is "
                    + "damaged (" + e + "). Restore from an earlier checkpoint.");
        }
    }

    @Override
    public void close() {
        if (skipped > 0) {
            LOG.warn("Table '{}': skipped {} malformed records", options.table(), skipped);
        }
        consumer.close(Duration.ofSeconds(5));
    }
}

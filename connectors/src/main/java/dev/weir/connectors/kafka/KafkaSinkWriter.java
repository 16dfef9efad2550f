package dev.weir.connectors.kafka;

import dev.weir.core.Row;
import dev.weir.core.WeirException;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.TableContext;
import dev.weir.executor.runtime.ExecutionOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows of a Kafka table to one topic.
 *
 * <ul>
 *   <li>{@code none}: fire and forget; {@code at-least-once}: every checkpoint waits until all
 *       sent records are acknowledged.</li>
 *   <li>{@code exactly-once}: the rows between two checkpoints go into one Kafka transaction of a
 *       producer of their own ({@code <prefix>-<subtask>-<n>}). {@link #prepareCommit} flushes it
 *       and returns (transactional id, producer id, epoch) without committing; {@link #commit}
 *       commits it once the checkpoint is durable. A writer restored from a checkpoint commits
 *       that checkpoint's transaction through a new producer resumed at the saved id and epoch,
 *       then aborts any other open transaction of its id prefix (the uncheckpointed tail of the
 *       crashed run, whose rows the restored source reads again).</li>
 * </ul>
 */
final class KafkaSinkWriter implements SinkWriter {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkWriter.class);
    /** Version 1 held one transaction; version 3 all prepared ones (2 marks a rescaling bundle). */
    private static final byte SINGLE_TRANSACTION = 1;
    private static final byte COMMITTABLE_VERSION = 3;
    private static final long DEFAULT_TRANSACTION_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(15);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTableOptions options;
    private final String topic;
    private final RecordEncoder encoder;
    private final Map<String, Object> producerProps;
    private final boolean exactlyOnce;
    private final String idBase;
    private final Callback callback = (metadata, e) -> {
        if (e != null) {
            recordError(e);
        }
    };
    private volatile Exception asyncError;

    /** none / at-least-once: the one producer. */
    private KafkaProducer<byte[], byte[]> producer;
    /** exactly-once: the producer of the open transaction, or null before the first row after a checkpoint. */
    private KafkaProducer<byte[], byte[]> current;
    private String currentId;
    private long nextSequence = 1;
    /** exactly-once: checkpoint id → prepared (flushed, uncommitted) transaction. */
    private final TreeMap<Long, KafkaProducer<byte[], byte[]>> prepared = new TreeMap<>();
    /** exactly-once: the transactional id of each prepared producer. */
    private final Map<KafkaProducer<byte[], byte[]>, String> idOf = new java.util.IdentityHashMap<>();
    /**
     * exactly-once: producers whose transaction committed, ready for the next one. Reusing them
     * saves initTransactions (several round trips) per checkpoint; their ids stay unique among
     * open transactions because a producer has at most one.
     */
    private final java.util.ArrayDeque<KafkaProducer<byte[], byte[]>> idle = new java.util.ArrayDeque<>();
    /**
     * exactly-once: committed producers not reusable yet. A restore resumes a transactional id of its
     * checkpoint and commits it if it is open; were the id already carrying a later transaction, that
     * one would be committed instead. So a producer waits here until a checkpoint later than the last
     * one that listed it has completed: restores go to that one or later, which do not name it.
     */
    private final java.util.ArrayDeque<KafkaProducer<byte[], byte[]>> cooling = new java.util.ArrayDeque<>();
    /** exactly-once: the last checkpoint whose committable listed each producer's transaction. */
    private final Map<KafkaProducer<byte[], byte[]>, Long> lastListed = new java.util.IdentityHashMap<>();

    KafkaSinkWriter(KafkaTableOptions options, TableContext context) {
        this(options, context, options.newRecordEncoder());
    }

    /** A writer whose records are made by {@code encoder} (upsert-kafka's keyed one). */
    KafkaSinkWriter(KafkaTableOptions options, TableContext context, RecordEncoder encoder) {
        this.options = Objects.requireNonNull(options, "options is null");
        this.topic = options.topics().get(0);
        this.encoder = Objects.requireNonNull(encoder, "encoder is null");
        this.exactlyOnce = options.guarantee() == KafkaTableOptions.DeliveryGuarantee.EXACTLY_ONCE;
        this.idBase = exactlyOnce ? idPrefix(context.subtaskIndex()) : null;
        Map<String, Object> props = new HashMap<>(options.clientProperties());
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "weir-" + options.table() + "-" + context.subtaskIndex());
        if (options.guarantee() != KafkaTableOptions.DeliveryGuarantee.NONE) {
            props.put(ProducerConfig.ACKS_CONFIG, "all");
        }
        if (exactlyOnce) {
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(DEFAULT_TRANSACTION_TIMEOUT_MS));
            warnOnShortTimeout(props, context);
        }
        this.producerProps = Map.copyOf(props);
        if (exactlyOnce) {
            if (KafkaRescaling.isBundle(context.restoredState())) {
                // rescaled: settle every old subtask this one took over, its own (if it existed) included
                boolean ownPrefix = false;
                for (KafkaRescaling.Inherited old : KafkaRescaling.unbundle(context.restoredState())) {
                    boolean own = old.oldSubtask() == context.subtaskIndex();
                    if (old.committable() != null) {
                        commitRestored(old.committable(), own);
                    }
                    abortLingering(idPrefix(old.oldSubtask()));
                    ownPrefix |= own;
                }
                if (!ownPrefix) {
                    abortLingering(idBase);
                }
            } else {
                if (context.restoredState() != null) {
                    commitRestored(context.restoredState(), true);
                }
                abortLingering(idBase);
            }
        } else {
            producer = newProducer(null);
        }
    }

    private void warnOnShortTimeout(Map<String, Object> props, TableContext context) {
        long timeout;
        try {
            timeout = Long.parseLong(String.valueOf(props.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)).trim());
        } catch (NumberFormatException e) {
            throw new WeirException("Table '" + options.table() + "': invalid value '"
                    + props.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)
                    + "' for option 'properties.transaction.timeout.ms': expected milliseconds.");
        }
        Long interval = context.jobConfig().get(ExecutionOptions.CHECKPOINTING_INTERVAL);
        if (interval == null) {
            LOG.warn("Table '{}': 'sink.delivery-guarantee' = 'exactly-once' without checkpoints "
                    + "('execution.checkpointing.interval' is not set): rows become visible only when the job "
                    + "finishes, and a transaction open longer than transaction.timeout.ms = {} ms is aborted by "
                    + "the broker.", options.table(), timeout);
        } else if (timeout < interval + TimeUnit.MINUTES.toMillis(1)) {
            LOG.warn("Table '{}': transaction.timeout.ms = {} ms is less than the checkpoint interval ({} ms) plus "
                    + "a minute: the broker may abort a transaction before its checkpoint commits it, or while the "
                    + "job is down, and its rows would be lost. Raise 'properties.transaction.timeout.ms' (at most "
                    + "the broker's transaction.max.timeout.ms).", options.table(), timeout, interval);
        }
    }

    private KafkaProducer<byte[], byte[]> newProducer(String transactionalId) {
        Map<String, Object> props = new HashMap<>(producerProps);
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void recordError(Exception e) {
        if (asyncError == null) {
            asyncError = e;
        }
    }

    private void checkError() {
        Exception e = asyncError;
        if (e != null) {
            throw new WeirException("Table '" + options.table() + "': writing to Kafka topic '" + topic + "' failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void write(Row row) {
        checkError();
        if (!encoder.writes(row)) {
            return;
        }
        byte[] key = encoder.key(row);
        byte[] value = encoder.value(row);
        KafkaProducer<byte[], byte[]> p = producer;
        if (exactlyOnce) {
            if (current == null) {
                beginTransaction();
            }
            p = current;
        }
        p.send(new ProducerRecord<>(topic, null, encoder.timestamp(row), key, value, encoder.headers(row)), callback);
    }

    private void beginTransaction() {
        KafkaProducer<byte[], byte[]> reused = idle.pollFirst();
        if (reused != null) {
            reused.beginTransaction();
            current = reused;
            currentId = idOf.get(reused);
            return;
        }
        String id = idBase + nextSequence++;
        KafkaProducer<byte[], byte[]> p = newProducer(id);
        try {
            p.initTransactions();
            p.beginTransaction();
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
            throw new WeirException("Table '" + options.table() + "': cannot start a Kafka transaction '" + id + "': "
                    + e.getMessage(), e);
        }
        current = p;
        currentId = id;
        idOf.put(p, id);
    }

    @Override
    public byte[] prepareCommit(long checkpointId) throws IOException {
        switch (options.guarantee()) {
            case NONE -> {
                return null;
            }
            case AT_LEAST_ONCE -> {
                producer.flush();
                checkError();
                return null;
            }
            default -> {
                if (current != null) {
                    current.flush();
                    checkError();
                    prepared.put(checkpointId, current);
                    current = null;
                    currentId = null;
                }
                if (prepared.isEmpty()) {
                    return null; // no rows since the last completed checkpoint
                }
                // Every transaction not committed yet, not only this checkpoint's: after an aborted
                // checkpoint or a savepoint that committed nothing, earlier ones are still prepared, and
                // a restore of this checkpoint aborts whatever it does not commit.
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeByte(COMMITTABLE_VERSION);
                out.writeLong(nextSequence);
                out.writeInt(prepared.size());
                for (KafkaProducer<byte[], byte[]> p : prepared.values()) {
                    long[] pe = TransactionResumer.producerIdAndEpoch(p);
                    out.writeUTF(idOf.get(p));
                    out.writeLong(pe[0]);
                    out.writeShort((short) pe[1]);
                    lastListed.put(p, checkpointId);
                }
                out.flush();
                return bytes.toByteArray();
            }
        }
    }

    @Override
    public void commit(long checkpointId) {
        Iterator<Map.Entry<Long, KafkaProducer<byte[], byte[]>>> it = prepared.headMap(checkpointId, true)
                .entrySet().iterator();
        while (it.hasNext()) {
            KafkaProducer<byte[], byte[]> p = it.next().getValue();
            p.commitTransaction();
            it.remove();
            cooling.addLast(p);
        }
        Iterator<KafkaProducer<byte[], byte[]>> waiting = cooling.iterator();
        while (waiting.hasNext()) {
            KafkaProducer<byte[], byte[]> p = waiting.next();
            if (lastListed.getOrDefault(p, Long.MIN_VALUE) < checkpointId) {
                waiting.remove();
                lastListed.remove(p);
                idle.addLast(p);
            }
        }
    }

    @Override
    public void finish() {
        if (!exactlyOnce) {
            producer.flush();
            checkError();
            return;
        }
        if (current != null) {
            current.flush();
            checkError();
            prepared.put(Long.MAX_VALUE, current);
            current = null;
        }
        commit(Long.MAX_VALUE);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (current != null) {
            // rows after the last checkpoint: no checkpoint refers to them, so they must never show
            try {
                current.abortTransaction();
            } catch (RuntimeException e) {
                LOG.debug("Table '{}': aborting transaction {} failed: {}", options.table(), currentId, e.toString());
            }
            current.close(Duration.ZERO);
            current = null;
        }
        // prepared transactions may belong to a completed checkpoint: leave them for the restore
        for (KafkaProducer<byte[], byte[]> p : prepared.values()) {
            p.close(Duration.ZERO);
        }
        prepared.clear();
        for (KafkaProducer<byte[], byte[]> p : idle) {
            p.close(Duration.ofSeconds(5));
        }
        idle.clear();
        for (KafkaProducer<byte[], byte[]> p : cooling) {
            p.close(Duration.ofSeconds(5));
        }
        cooling.clear();
        lastListed.clear();
        idOf.clear();
    }

    /** The transactional ids of subtask {@code subtask} start with this. */
    private String idPrefix(int subtask) {
        return options.transactionalIdPrefix() + "-" + subtask + "-";
    }

    /** One prepared transaction named in a committable. */
    private record Prepared(String id, long producerId, short epoch) {
    }

    /**
     * Commits the transactions recorded in the restored checkpoint, unless they already were; {@code own}
     * when they are this subtask's, whose id sequence then continues from them.
     */
    private void commitRestored(byte[] state, boolean own) {
        List<Prepared> transactions = new java.util.ArrayList<>();
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
            byte version = in.readByte();
            if (version == SINGLE_TRANSACTION) {
                String id = in.readUTF();
                long sequence = in.readLong();
                transactions.add(new Prepared(id, in.readLong(), in.readShort()));
                if (own) {
                    nextSequence = sequence;
                }
            } else if (version == COMMITTABLE_VERSION) {
                long sequence = in.readLong();
                for (int i = in.readInt(); i > 0; i--) {
                    transactions.add(new Prepared(in.readUTF(), in.readLong(), in.readShort()));
                }
                if (own) {
                    nextSequence = sequence;
                }
            } else {
                throw new WeirException("Table '" + options.table() + "': the Kafka transaction in the checkpoint has "
                        + "an unknown version. Restore from a checkpoint written by this Weir version.");
            }
        } catch (IOException e) {
            throw new WeirException("Table '" + options.table() + "': the Kafka transaction in the checkpoint is "
                    + "damaged (" + e + "). Restore from an earlier checkpoint.");
        }
        for (Prepared t : transactions) {
            commitRestored(t);
        }
    }

    private void commitRestored(Prepared t) {
        String id = t.id();
        TransactionState state0 = describe(id);
        if (state0 == TransactionState.ONGOING) {
            KafkaProducer<byte[], byte[]> p = newProducer(id);
            try {
                TransactionResumer.resume(p, topic, t.producerId(), t.epoch());
                p.commitTransaction();
                LOG.info("Table '{}': committed transaction {} of the restored checkpoint", options.table(), id);
            } finally {
                p.close(Duration.ofSeconds(5));
            }
        } else if (state0 == TransactionState.COMPLETE_ABORT || state0 == TransactionState.PREPARE_ABORT) {
            throw new WeirException("Table '" + options.table() + "': Kafka aborted transaction '" + id + "' of the "
                    + "checkpoint being restored (most likely it stayed open longer than transaction.timeout.ms), so "
                    + "the rows of that checkpoint are missing from topic '" + topic + "'. Raise "
                    + "'properties.transaction.timeout.ms', then start the job afresh (delete its checkpoints).");
        } else {
            LOG.info("Table '{}': transaction {} of the restored checkpoint is already committed ({})",
                    options.table(), id, state0);
        }
    }

    /** The transaction's state, or null when the broker no longer knows the transactional id. */
    private TransactionState describe(String id) {
        try (Admin admin = Admin.create(adminProps())) {
            TransactionDescription d = admin.describeTransactions(List.of(id)).description(id)
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return d.state();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionalIdNotFoundException) {
                return null;
            }
            throw new WeirException("Table '" + options.table() + "': cannot read the state of Kafka transaction '" + id
                    + "': " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
            throw new WeirException("Table '" + options.table() + "': Kafka did not describe transaction '" + id
                    + "' within " + ADMIN_TIMEOUT + ": " + e, e);
        }
    }

    /**
     * Aborts open transactions whose id starts with {@code prefix} (fencing their producers), left by a
     * crashed run: this subtask's own, or after a rescale those of an old subtask it took over.
     */
    private void abortLingering(String prefix) {
        List<String> open = new java.util.ArrayList<>();
        try (Admin admin = Admin.create(adminProps())) {
            for (TransactionListing t : admin.listTransactions().all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                if (t.transactionalId().startsWith(prefix) && t.state() == TransactionState.ONGOING) {
                    open.add(t.transactionalId());
                }
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException | InterruptedException e) {
            throw new WeirException("Table '" + options.table() + "': cannot list Kafka transactions to abort the ones "
                    + "a previous run left open: " + e, e);
        }
        for (String id : open) {
            KafkaProducer<byte[], byte[]> p = newProducer(id);
            try {
                p.initTransactions(); // bumps the epoch: the broker aborts the open transaction
                LOG.info("Table '{}': aborted transaction {} left open by a previous run", options.table(), id);
            } finally {
                p.close(Duration.ofSeconds(5));
            }
        }
    }

    private Map<String, Object> adminProps() {
        Map<String, Object> props = new HashMap<>();
        for (Map.Entry<String, String> e : options.clientProperties().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("bootstrap.") || k.startsWith("security.") || k.startsWith("sasl.")
                    || k.startsWith("ssl.") || k.equals("client.dns.lookup")) {
                props.put(k, e.getValue());
            }
        }
        return props;
    }
}

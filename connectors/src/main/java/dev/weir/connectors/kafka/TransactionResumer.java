package dev.weir.connectors.kafka;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Reads and restores the producer id and epoch of a transactional {@link KafkaProducer}, so a
 * transaction prepared before a crash can be committed by a new producer after it (the approach
 * of Flink's {@code FlinkKafkaInternalProducer}). kafka-clients 4.4 has no public API for this:
 * its two-phase-commit calls are internal. Everything here is reflection on
 * {@code TransactionManager}, checked against kafka-clients 4.4.0; a mismatch fails loudly.
 */
final class TransactionResumer {
    private TransactionResumer() {
    }

    /** The (producer id, epoch) of the producer's current transaction. */
    static long[] producerIdAndEpoch(KafkaProducer<?, ?> producer) {
        try {
            Object tm = field(producer, "transactionManager");
            Object pe = field(tm, "producerIdAndEpoch");
            long id = (long) pe.getClass().getField("producerId").get(pe);
            short epoch = (short) pe.getClass().getField("epoch").get(pe);
            return new long[] {id, epoch};
        } catch (ReflectiveOperationException e) {
            throw incompatible(e);
        }
    }

    /**
     * Puts a fresh producer (same transactional id, {@code initTransactions} NOT called, since that
     * would abort the transaction) into the state "in transaction (id, epoch)", so that
     * {@code commitTransaction()} commits the transaction of the crashed producer.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void resume(KafkaProducer<?, ?> producer, String anyTopic, long producerId, short epoch) {
        // connect first: the transaction protocol version is chosen from the broker's features
        producer.partitionsFor(anyTopic);
        try {
            Object tm = field(producer, "transactionManager");
            Method v2 = tm.getClass().getMethod("maybeUpdateTransactionV2Enabled", boolean.class);
            v2.invoke(tm, true);
            synchronized (tm) {
                Object partitions = field(tm, "txnPartitionMap");
                Method reset = partitions.getClass().getDeclaredMethod("reset");
                reset.setAccessible(true);
                reset.invoke(partitions);
                Class<?> peClass = Class.forName("org.apache.kafka.common.utils.internals.ProducerIdAndEpoch");
                Object pe = peClass.getConstructor(long.class, short.class).newInstance(producerId, epoch);
                setField(tm, "producerIdAndEpoch", pe);
                Class<? extends Enum> stateClass = (Class<? extends Enum>) Class.forName(
                        "org.apache.kafka.clients.producer.internals.TransactionManager$State");
                setField(tm, "currentState", Enum.valueOf(stateClass, "IN_TRANSACTION"));
                setField(tm, "transactionStarted", true);
            }
        } catch (ReflectiveOperationException e) {
            throw incompatible(e);
        }
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }

    private static void setField(Object target, String name, Object value) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        f.set(target, value);
    }

    private static IllegalStateException incompatible(ReflectiveOperationException e) {
        return new IllegalStateException("this kafka-clients version is not the one Weir's exactly-once Kafka sink "
                + "was built for (4.4.0): " + e, e);
    }
}

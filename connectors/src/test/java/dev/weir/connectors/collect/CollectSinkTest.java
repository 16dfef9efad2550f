package dev.weir.connectors.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.Row;
import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.TableContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CollectSinkTest {
    private static final RowType SCHEMA = RowType.builder().add("n", DataType.bigint()).build();

    private static SinkWriter writer(String id, int subtask, int parallelism) throws Exception {
        return Connectors.find(CollectSinkFactory.IDENTIFIER).createWriter(new TableContext("t", SCHEMA,
                Map.of("connector", CollectSinkFactory.IDENTIFIER, CollectSinkFactory.COLLECT_ID, id),
                Configuration.empty(), subtask, parallelism, null));
    }

    @Test
    void rowsReachTheRegisteredQueueAndTheEndIsSignalled() throws Exception {
        CollectQueue queue = new CollectQueue(4);
        CollectQueues.register("q1", queue);
        SinkWriter w = writer("q1", 0, 1);
        assertThat(Connectors.find(CollectSinkFactory.IDENTIFIER).acceptsUpdates(null)).isTrue();
        w.write(Row.of(1L));
        w.write(Row.of(2L));
        assertThat(queue.isExhausted()).isFalse();
        w.finish();
        w.close();
        List<Row> rows = new ArrayList<>();
        queue.take(rows, 10, 0);
        assertThat(rows).containsExactly(Row.of(1L), Row.of(2L));
        assertThat(queue.isExhausted()).isTrue();
        assertThat(queue.isDone()).isTrue();
        assertThat(queue.failure()).isNull();
        // the writer unregistered the queue when the job closed it
        assertThatThrownBy(() -> writer("q1", 0, 1)).isInstanceOf(WeirException.class)
                .hasMessageContaining("'q1'").hasMessageContaining("use another connector");
    }

    @Test
    void aWriterClosedBeforeTheEndSignalsFailure() throws Exception {
        CollectQueue queue = new CollectQueue(4);
        CollectQueues.register("q2", queue);
        SinkWriter w = writer("q2", 0, 1);
        w.write(Row.of(7L));
        w.close();
        assertThat(queue.failure()).isInstanceOf(WeirException.class).hasMessageContaining("'q2'");
        assertThat(queue.isExhausted()).isFalse();
        assertThat(queue.isDone()).isFalse(); // a row is still there to take
        List<Row> rows = new ArrayList<>();
        queue.take(rows, 10, 0);
        assertThat(rows).containsExactly(Row.of(7L));
        assertThat(queue.isDone()).isTrue();
    }

    @Test
    void theInputEndsWhenEverySubtaskEnded() throws Exception {
        CollectQueue queue = new CollectQueue(4);
        CollectQueues.register("q3", queue);
        SinkWriter a = writer("q3", 0, 2);
        SinkWriter b = writer("q3", 1, 2);
        a.finish();
        assertThat(queue.isExhausted()).isFalse();
        b.finish();
        assertThat(queue.isExhausted()).isTrue();
        CollectQueues.unregister("q3");
    }

    @Test
    void aFullQueueBlocksTheProducerUntilTakenOrClosed() throws Exception {
        CollectQueue queue = new CollectQueue(1);
        queue.put(Row.of(1L));
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                started.countDown();
                queue.put(Row.of(2L));
                queue.put(Row.of(3L));
                queue.put(Row.of(4L)); // blocks: row 3 is never taken
            } catch (Throwable t) {
                error.set(t);
            }
        });
        producer.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        List<Row> rows = new ArrayList<>();
        queue.take(rows, 1, 10_000);
        queue.take(rows, 1, 10_000);
        assertThat(rows).containsExactly(Row.of(1L), Row.of(2L));
        assertThat(producer.isAlive()).isTrue();
        queue.close();
        producer.join(10_000);
        assertThat(producer.isAlive()).isFalse();
        assertThat(error.get()).isNull();
    }

    @Test
    void rejectsANonPositiveCapacityAndADoubleRegistration() {
        assertThatThrownBy(() -> new CollectQueue(0)).isInstanceOf(IllegalArgumentException.class);
        CollectQueues.register("q4", new CollectQueue(1));
        assertThatThrownBy(() -> CollectQueues.register("q4", new CollectQueue(1)))
                .isInstanceOf(IllegalStateException.class);
        CollectQueues.unregister("q4");
    }
}

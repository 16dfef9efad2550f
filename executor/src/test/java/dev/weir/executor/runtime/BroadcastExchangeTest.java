package dev.weir.executor.runtime;

import static dev.weir.executor.runtime.ChannelDrains.channels;
import static dev.weir.executor.runtime.ChannelDrains.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.keys.KeyGroups;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.operators.OperatorMetrics;
import dev.weir.executor.plan.JoinKeys;
import dev.weir.executor.plan.JoinSpec;
import dev.weir.executor.plan.JoinType;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.SourceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The exchanges of a broadcast join: the broadcast exchange delivers every row of an upstream subtask to every
 * downstream channel in order, with watermarks, barriers, idleness and the end; {@link Stages#split} gives a
 * broadcast join's broadcast input that exchange and hashes its other input on all columns, on the key group the
 * join's subtask keeps the row under.
 */
class BroadcastExchangeTest {
    private static final RowType ORDERS = RowType.builder().add("id", DataType.bigint())
            .add("customer", DataType.string()).add("amount", DataType.bigint()).build();
    private static final RowType CUSTOMERS = RowType.builder().add("cid", DataType.string())
            .add("name", DataType.string()).build();
    private static final RowType JOINED = RowType.builder().add("id", DataType.bigint())
            .add("customer", DataType.string()).add("amount", DataType.bigint()).add("cid", DataType.string())
            .add("name", DataType.string()).build();

    @Test
    void everyRowGoesToEveryChannelInOrderAndEventsToo() {
        Channel[] out = channels(3);
        OperatorMetrics metrics = new OperatorMetrics("customers");
        ExchangeOutput exchange = ExchangeOutput.broadcast(out, metrics);
        exchange.collect(Row.of("r0"));
        exchange.collect(Row.of("r1"));
        exchange.emitWatermark(100);
        exchange.collect(Row.of("r2"));
        exchange.barrier(5);
        exchange.markIdle();
        exchange.collect(Row.of("r3"));
        exchange.emitWatermark(200);
        exchange.end();

        assertThat(metrics.rowsOut()).as("each row counted once, however many channels it goes to").isEqualTo(4);
        for (int c = 0; c < out.length; c++) {
            assertThat(drain(out[c])).as("channel %d", c).containsExactly("r0", "r1", "wm:100", "r2", "barrier:5",
                    "IDLE", "ACTIVE", "r3", "wm:200", "END");
        }
    }

    @Test
    void fullBatchesKeepTheOrderOnEveryChannelAndShareTheRowObjects() {
        Channel[] out = channels(2);
        ExchangeOutput exchange = ExchangeOutput.broadcast(out, new OperatorMetrics("customers"));
        int n = ExchangeOutput.BATCH_SIZE * 2 + 7;
        List<String> expected = new ArrayList<>();
        Row first = Row.of("0");
        exchange.collect(first);
        expected.add("0");
        for (int i = 1; i < n; i++) {
            exchange.collect(Row.of(Integer.toString(i)));
            expected.add(Integer.toString(i));
        }
        exchange.emitWatermark(7);
        expected.add("wm:7");
        exchange.barrier(1);
        expected.add("barrier:1");
        Object head0 = out[0].poll();
        Object head1 = out[1].poll();
        assertThat(head0).isInstanceOf(ExchangeEvents.Batch.class);
        assertThat(((ExchangeEvents.Batch) head0).rows()[0]).isSameAs(first)
                .isSameAs(((ExchangeEvents.Batch) head1).rows()[0]);
        assertThat(((ExchangeEvents.Batch) head0).size()).isEqualTo(ExchangeOutput.BATCH_SIZE);
        List<String> rest = expected.subList(ExchangeOutput.BATCH_SIZE, expected.size());
        assertThat(drain(out[0])).isEqualTo(rest);
        assertThat(drain(out[1])).isEqualTo(rest);
    }

    @Test
    void aHashOnAllColumnsSendsARowOfAnyKindToTheSubtaskOwningTheRowsOwnKeyGroup() {
        // the broadcast join keeps a spread row under KeyGroups.assignToKeyGroup(row as INSERT): the exchange must
        // send it (and its retraction, of another kind) to the subtask whose range holds that group
        Random random = new Random(11);
        RowKind[] kinds = RowKind.values();
        for (int parallelism = 1; parallelism <= 5; parallelism++) {
            ExchangeOutput exchange = new ExchangeOutput(channels(parallelism), new int[] {0, 1, 2}, 128,
                    new OperatorMetrics("orders"));
            for (int i = 0; i < 500; i++) {
                Object[] fields = {random.nextInt(5) == 0 ? null : (long) random.nextInt(1000),
                        random.nextInt(5) == 0 ? null : "c" + random.nextInt(50),
                        random.nextInt(3) == 0 ? new byte[] {(byte) random.nextInt(), 2} : (long) random.nextInt()};
                Row row = Row.ofKind(kinds[random.nextInt(kinds.length)], fields);
                int group = KeyGroups.assignToKeyGroup(Row.of(fields), 128);
                assertThat(KeyGroups.rangeForSubtask(128, parallelism, exchange.channelFor(row)).contains(group))
                        .as("%s at parallelism %d", row, parallelism).isTrue();
            }
        }
    }

    private static PhysicalPlan broadcastJoin(int broadcastInput, boolean keyed, Map<String, String> customersExtra) {
        Map<String, String> customers = new HashMap<>(Map.of("connector", "values", "data-id", "c"));
        customers.putAll(customersExtra);
        List<OperatorSpec> ops = List.of(
                new SourceSpec("source-orders", "orders", ORDERS, Map.of("connector", "values", "data-id", "o")),
                new SourceSpec("source-customers", "customers", CUSTOMERS, customers),
                new JoinSpec("join", JOINED, JoinType.INNER, 3,
                        keyed ? new JoinKeys(new int[] {1}, new int[] {0}) : JoinKeys.none(), null, null, 0,
                        broadcastInput),
                new SinkSpec("sink", "out", JOINED, Map.of("connector", "values", "sink-id", "s")));
        return new PhysicalPlan("broadcast-join", ops, List.of(List.of(), List.of(), List.of(0, 1), List.of(2)));
    }

    @Test
    void splitSendsTheBroadcastInputToEverySubtaskAndHashesTheOtherOnAllItsColumns() {
        for (boolean keyed : new boolean[] {true, false}) {
            List<Stages.Stage> stages = Stages.split(broadcastJoin(1, keyed, Map.of()), 2, 128, true);
            Stages.Stage join = joinStage(stages);
            assertThat(join.parallelism()).isEqualTo(2);
            assertThat(join.operators()).as("the sink stays chained behind the join").containsExactly(2, 3);
            Stages.Input orders = join.inputs().get(0);
            Stages.Input customers = join.inputs().get(1);
            assertThat(orders.routing()).isEqualTo(Stages.Routing.HASH);
            assertThat(orders.keyIndices()).as("keyed: %s", keyed).containsExactly(0, 1, 2);
            assertThat(orders.from()).isEqualTo(0);
            assertThat(stages.get(orders.stage()).operators()).containsExactly(0);
            assertThat(customers.routing()).isEqualTo(Stages.Routing.BROADCAST);
            assertThat(customers.keyIndices()).isNull();
            assertThat(customers.from()).isEqualTo(1);
            assertThat(stages.get(customers.stage()).operators()).containsExactly(1);
        }

        Stages.Stage left = joinStage(Stages.split(broadcastJoin(0, true, Map.of()), 2, 128, true));
        assertThat(left.inputs().get(0).routing()).isEqualTo(Stages.Routing.BROADCAST);
        assertThat(left.inputs().get(0).keyIndices()).isNull();
        assertThat(left.inputs().get(1).routing()).isEqualTo(Stages.Routing.HASH);
        assertThat(left.inputs().get(1).keyIndices()).containsExactly(0, 1);

        Stages.Stage usual = joinStage(Stages.split(broadcastJoin(JoinSpec.NO_BROADCAST, true, Map.of()), 2, 128,
                true));
        assertThat(usual.inputs()).extracting(Stages.Input::routing)
                .containsExactly(Stages.Routing.HASH, Stages.Routing.HASH);
        assertThat(usual.inputs().get(0).keyIndices()).as("the usual join hashes on its keys").containsExactly(1);
        assertThat(usual.inputs().get(1).keyIndices()).containsExactly(0);
    }

    @Test
    void aBroadcastInputOfAnotherParallelismIsStillBroadcast() {
        List<Stages.Stage> stages = Stages.split(broadcastJoin(1, true, Map.of("scan.parallelism", "1")), 3, 128,
                true);
        Stages.Stage join = joinStage(stages);
        assertThat(join.parallelism()).isEqualTo(3);
        Stages.Input customers = join.inputs().get(1);
        assertThat(stages.get(customers.stage()).parallelism()).isEqualTo(1);
        assertThat(customers.routing()).isEqualTo(Stages.Routing.BROADCAST);
        assertThat(join.inputs().get(0).routing()).isEqualTo(Stages.Routing.HASH);
    }

    private static Stages.Stage joinStage(List<Stages.Stage> stages) {
        for (Stages.Stage stage : stages) {
            if (stage.first() == 2) {
                return stage;
            }
        }
        throw new AssertionError("no stage starts at the join: " + stages);
    }
}

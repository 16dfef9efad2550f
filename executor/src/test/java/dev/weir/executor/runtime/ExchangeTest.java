package dev.weir.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import org.junit.jupiter.api.Test;

class ExchangeTest {
    @Test
    void keyHashIsTheHashOfTheKeyRowTheOperatorBuilds() {
        Row row = Row.of("alice", 7L, new byte[] {1, 2}, null);
        int[] keys = {0, 2, 3};
        Row key = Row.wrap(RowKind.INSERT, new Object[] {"alice", new byte[] {1, 2}, null});
        assertThat(ExchangeOutput.keyHash(row, keys)).isEqualTo(key.hashCode());
        assertThat(ExchangeOutput.keyHash(row, new int[0])).isEqualTo(Row.of().hashCode());
    }

    @Test
    void gateWatermarkIsTheMinimumOverActiveChannelsAndInfinityWhenAllEnded() {
        InputGate gate = new InputGate(new Channel[] {new Channel(2), new Channel(2)});
        assertThat(gate.onWatermark(0, 100)).isEqualTo(InputGate.NO_CHANGE);
        assertThat(gate.onWatermark(1, 50)).isEqualTo(50);
        assertThat(gate.onStatus(1, true)).isEqualTo(100);
        assertThat(gate.onStatus(1, false)).isEqualTo(InputGate.NO_CHANGE); // never goes back
        assertThat(gate.onEnd(1)).isEqualTo(InputGate.NO_CHANGE);
        assertThat(gate.onEnd(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void alignedBarrierBlocksTheChannelUntilEveryChannelDeliveredIt() throws Exception {
        Channel a = new Channel(4);
        Channel b = new Channel(4);
        InputGate gate = new InputGate(new Channel[] {a, b});
        a.put(new ExchangeEvents.Barrier(1));
        a.put("after-barrier");
        assertThat(gate.poll()).isEqualTo(new ExchangeEvents.Barrier(1));
        gate.onBarrier(gate.lastChannel(), 1, true);
        assertThat(gate.pollAligned()).isEqualTo(-1);
        assertThat(gate.poll()).as("channel a is blocked").isNull();
        b.put(new ExchangeEvents.Barrier(1));
        assertThat(gate.poll()).isEqualTo(new ExchangeEvents.Barrier(1));
        gate.onBarrier(gate.lastChannel(), 1, true);
        assertThat(gate.pollAligned()).isEqualTo(1);
        assertThat(gate.poll()).isEqualTo("after-barrier");
    }

    @Test
    void aFullChannelBlocksTheSender() throws Exception {
        Channel channel = new Channel(2);
        channel.put("1");
        channel.put("2");
        Thread sender = new Thread(() -> {
            try {
                channel.put("3");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sender.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sender.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(sender.getState()).isEqualTo(Thread.State.WAITING);
        assertThat(channel.size()).isEqualTo(2);
        assertThat(channel.poll()).isEqualTo("1");
        sender.join(10_000);
        assertThat(channel.size()).isEqualTo(2);
    }
}

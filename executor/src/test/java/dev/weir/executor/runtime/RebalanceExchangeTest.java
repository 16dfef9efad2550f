package dev.weir.executor.runtime;

import static dev.weir.executor.runtime.ChannelDrains.channels;
import static dev.weir.executor.runtime.ChannelDrains.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.executor.operators.OperatorMetrics;
import org.junit.jupiter.api.Test;

/**
 * The rebalance exchange between stages of different parallelism: rows round robin per upstream
 * subtask, watermarks, barriers and the end to every downstream channel, and n→m input gates that
 * align barriers and take the minimum watermark over all their upstream subtasks.
 */
class RebalanceExchangeTest {
    @Test
    void rowsGoRoundRobinFromTheSubtasksOwnStartAndEventsGoToEveryChannel() {
        Channel[] out = channels(3);
        OperatorMetrics metrics = new OperatorMetrics("calc");
        ExchangeOutput exchange = ExchangeOutput.rebalance(out, 1, metrics); // upstream subtask 1 starts at channel 1
        for (int i = 0; i < 3; i++) {
            exchange.collect(Row.of("r" + i));
        }
        exchange.emitWatermark(100);
        for (int i = 3; i < 7; i++) {
            exchange.collect(Row.of("r" + i));
        }
        exchange.barrier(5);
        exchange.emitWatermark(200);
        exchange.end();

        assertThat(metrics.rowsOut()).isEqualTo(7);
        assertThat(drain(out[1])).containsExactly("r0", "wm:100", "r3", "r6", "barrier:5", "wm:200", "END");
        assertThat(drain(out[2])).containsExactly("r1", "wm:100", "r4", "barrier:5", "wm:200", "END");
        assertThat(drain(out[0])).containsExactly("r2", "wm:100", "r5", "barrier:5", "wm:200", "END");
    }

    @Test
    void aWatermarkWithoutRowsStillReachesEveryChannelAtTheBarrier() {
        Channel[] out = channels(2);
        ExchangeOutput exchange = ExchangeOutput.rebalance(out, 0, new OperatorMetrics("src"));
        exchange.collect(Row.of("only"));
        exchange.emitWatermark(42);
        exchange.barrier(1);
        assertThat(drain(out[0])).containsExactly("only", "wm:42", "barrier:1");
        assertThat(drain(out[1])).containsExactly("wm:42", "barrier:1");
    }

    @Test
    void twoUpstreamSubtasksIntoThreeGatesAlignBarriersAndTakeTheMinimumWatermark() throws Exception {
        // channels[upstream][downstream], as ParallelJob lays out an exchange between stages of 2 and 3 subtasks
        Channel[][] channels = {channels(3), channels(3)};
        ExchangeOutput up0 = ExchangeOutput.rebalance(channels[0], 0, new OperatorMetrics("a"));
        ExchangeOutput up1 = ExchangeOutput.rebalance(channels[1], 1, new OperatorMetrics("a"));
        up0.emitWatermark(100);
        up1.emitWatermark(50);
        up0.barrier(7);
        for (int i = 0; i < 3; i++) {
            up1.collect(Row.of("x" + i)); // to downstream 1, 2, 0
        }
        up1.barrier(7);

        for (int d = 0; d < 3; d++) {
            InputGate gate = new InputGate(new Channel[] {channels[0][d], channels[1][d]});
            long watermark = InputGate.NO_CHANGE;
            int rows = 0;
            long aligned = -1;
            Object event;
            while ((event = gate.poll()) != null) {
                int channel = gate.lastChannel();
                if (event instanceof ExchangeEvents.Batch batch) {
                    rows += batch.size();
                    for (int r = 0; r <= batch.size(); r++) { // the watermark before each row, then after them
                        long before = r < batch.size() ? batch.watermarksBefore()[r] : batch.watermark();
                        long w = before == ExchangeEvents.NO_WATERMARK ? InputGate.NO_CHANGE
                                : gate.onWatermark(channel, before);
                        if (w != InputGate.NO_CHANGE) {
                            watermark = w;
                        }
                    }
                } else if (event instanceof ExchangeEvents.Barrier barrier) {
                    gate.onBarrier(channel, barrier.checkpointId(), true);
                    long done = gate.pollAligned();
                    if (done >= 0) {
                        aligned = done;
                    }
                }
            }
            assertThat(rows).as("downstream %d gets one of upstream 1's three rows", d).isEqualTo(1);
            assertThat(watermark).as("downstream %d: the minimum over both upstream subtasks", d).isEqualTo(50);
            assertThat(aligned).as("downstream %d aligned the barrier of both upstream subtasks", d).isEqualTo(7);
        }
    }
}

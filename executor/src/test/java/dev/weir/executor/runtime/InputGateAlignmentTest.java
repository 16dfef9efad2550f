package dev.weir.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The alignment time an input gate reports: from the first blocked channel to the release. */
class InputGateAlignmentTest {
    private static InputGate gate() {
        return new InputGate(new Channel[] {new Channel(4), new Channel(4)});
    }

    private static void letTimePass(long nanos) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < nanos) {
            Thread.onSpinWait(); // waiting for the clock itself, bounded by the amount asked for
        }
    }

    @Test
    void alignedBarrierReportsHowLongTheFirstChannelWasBlocked() {
        InputGate gate = gate();
        gate.onBarrier(0, 7, true);
        assertThat(gate.pollAligned()).isEqualTo(-1);
        letTimePass(TimeUnit.MILLISECONDS.toNanos(2));
        gate.onBarrier(1, 7, true);

        assertThat(gate.pollAligned()).isEqualTo(7);
        assertThat(gate.lastAlignmentNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(2));
    }

    @Test
    void unalignedBarriersBlockNothingAndReportNoAlignment() {
        InputGate gate = gate();
        gate.onBarrier(0, 3, false);
        letTimePass(TimeUnit.MILLISECONDS.toNanos(1));
        gate.onBarrier(1, 3, false);

        assertThat(gate.pollAligned()).isEqualTo(3);
        assertThat(gate.lastAlignmentNanos()).isZero();
    }
}

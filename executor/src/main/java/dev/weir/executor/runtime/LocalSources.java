package dev.weir.executor.runtime;

import dev.weir.core.Row;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.PhysicalPlan;
import java.util.function.Consumer;

/**
 * The reading side of a parallelism-1 job: polls its readers round robin, one poll each per call, and
 * when a reader ends sends the final watermark and ends the operators downstream whose every input
 * ended. Task thread only.
 */
final class LocalSources {
    private final PhysicalPlan plan;
    private final int[] sources;
    private final SourceReader[] readers;
    private final Consumer<Row>[] sourceHeads;
    private final SplitWatermarks[] splitWatermarks;
    private final StreamOperator[] operators;
    private final Output[] outputs;
    /** Per reader: whether it has ended. */
    private final boolean[] sourceEnded;
    /** Per plan operator: how many of its inputs have ended. */
    private final int[] endedInputs;
    private int liveSources;

    /** The sources of a {@link LocalPipeline#build built} pipeline. */
    LocalSources(LocalPipeline pipeline) {
        this.plan = pipeline.plan;
        this.sources = pipeline.sources;
        this.readers = pipeline.readers;
        this.sourceHeads = pipeline.sourceHeads;
        this.splitWatermarks = pipeline.splitWatermarks;
        this.operators = pipeline.operators;
        this.outputs = pipeline.outputs;
        this.sourceEnded = new boolean[sources.length];
        this.endedInputs = new int[operators.length];
        this.liveSources = sources.length;
    }

    /** Polls every live reader once; END_OF_INPUT when all have ended, NOTHING_AVAILABLE when none had rows. */
    InputStatus pollOnce() throws Exception {
        boolean more = false;
        for (int s = 0; s < readers.length; s++) {
            if (sourceEnded[s]) {
                continue;
            }
            InputStatus status = readers[s].pollNext(sourceHeads[s]);
            if (splitWatermarks[s] != null) {
                splitWatermarks[s].afterPoll(); // ended and idle splits
            }
            if (status == InputStatus.END_OF_INPUT) {
                endSource(s);
            } else if (status == InputStatus.MORE_AVAILABLE) {
                more = true;
            }
        }
        return liveSources == 0 ? InputStatus.END_OF_INPUT
                : more ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
    }

    private void endSource(int s) throws Exception {
        sourceEnded[s] = true;
        liveSources--;
        // The final watermark fires every window before the operators learn the input ended.
        outputs[sources[s]].emitWatermark(Long.MAX_VALUE);
        ended(sources[s]);
    }

    /** Operator {@code index} ended: each consumer whose last input that was ends too, and so on downstream. */
    private void ended(int index) throws Exception {
        for (PhysicalPlan.Edge edge : plan.consumersOf(index)) {
            int c = edge.to();
            if (++endedInputs[c] == plan.inputsOf(c).size()) {
                operators[c].endInput(outputs[c]);
                ended(c);
            }
        }
    }
}

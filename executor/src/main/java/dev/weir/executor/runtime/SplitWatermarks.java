package dev.weir.executor.runtime;

import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.SourceSplits;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.operators.CalcOperator;
import dev.weir.executor.operators.WatermarkAssignerOperator;
import java.util.List;

/**
 * Connects a reader that interleaves splits (Kafka partitions) with the watermark assigner behind
 * it (right after the source, or after the projection of computed columns), so the watermark is
 * kept per split; and gives that assigner its processing-time step after every poll (ended and idle
 * splits). Built once per reader; the task calls {@link #afterPoll} from its loop.
 */
final class SplitWatermarks {
    private final WatermarkAssignerOperator assigner;
    private final Output output;

    private SplitWatermarks(WatermarkAssignerOperator assigner, Output output) {
        this.assigner = assigner;
        this.output = output;
    }

    /**
     * Attaches the reader's splits to the first watermark assigner of {@code chain} (the operators
     * fed by the reader, in order; {@code outputs} their outputs, same order), looking through
     * Calc operators only.
     *
     * @return the binding, or null when the reader has one split or no assigner follows it
     */
    static SplitWatermarks attach(SourceReader reader, List<StreamOperator> chain, List<Output> outputs,
            long idleTimeoutMillis) {
        SourceSplits splits = reader.splits();
        if (splits == null) {
            return null;
        }
        for (int k = 0; k < chain.size(); k++) {
            StreamOperator op = chain.get(k);
            if (op instanceof WatermarkAssignerOperator assigner) {
                assigner.trackSplits(splits, idleTimeoutMillis, System.nanoTime());
                return new SplitWatermarks(assigner, outputs.get(k));
            }
            if (!(op instanceof CalcOperator)) {
                return null;
            }
        }
        return null;
    }

    void afterPoll() {
        assigner.afterPoll(System.nanoTime(), output);
    }
}

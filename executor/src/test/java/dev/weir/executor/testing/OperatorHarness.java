package dev.weir.executor.testing;

import dev.weir.core.Row;
import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.MultiInputOperator;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.operators.OperatorContext;
import dev.weir.executor.operators.OperatorMetrics;
import dev.weir.executor.operators.Operators;
import dev.weir.executor.plan.OperatorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives one operator built from its spec: feed rows written as text, advance watermarks, take a
 * snapshot and restore it into a fresh instance, and read what the operator emitted.
 *
 * <pre>{@code
 * try (OperatorHarness h = OperatorHarness.of(spec, inputType, backend, tempDir)) {
 *     h.process("+I[alice, 3, 2023-11-14 22:13:20.000]");
 *     h.watermark("2023-11-14 22:13:29.999");
 *     assertThat(h.outputText()).containsExactly("+I[alice, ...]");
 * }
 * }</pre>
 */
public final class OperatorHarness implements AutoCloseable {
    private final OperatorSpec spec;
    /** One per input: a join or union has several. */
    private final List<RowType> inputTypes;
    private final TestBackends.Choice backend;
    private final Path baseDir;
    private final OperatorMetrics metrics;
    private final StreamOperator operator;
    private final List<Row> output = new ArrayList<>();
    private final List<Long> watermarks = new ArrayList<>();
    private final Output out = new Output() {
        @Override
        public void collect(Row row) {
            metrics.incrementRowsOut();
            output.add(row);
        }

        @Override
        public void emitWatermark(long watermark) {
            watermarks.add(watermark);
        }
    };
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private long nextCheckpointId = 1;
    private final int instance;
    /** Processing time seen by the operator (state TTL); moved only by {@link #processingTime}. */
    private long processingTime;

    private OperatorHarness(OperatorSpec spec, List<RowType> inputTypes, TestBackends.Choice backend, Path baseDir,
            Path restoreDir, int instance) throws Exception {
        this.spec = spec;
        this.inputTypes = List.copyOf(inputTypes);
        this.backend = backend;
        this.baseDir = baseDir;
        this.instance = instance;
        this.metrics = new OperatorMetrics(spec.id());
        Path work = baseDir.resolve("work-" + instance);
        Files.createDirectories(work);
        this.operator = Operators.create(spec, this.inputTypes, new OperatorContext(spec.id(), 0, 1, 128,
                KeyGroupRange.all(128), backend.type(), backend.factory(), work, restoreDir, metrics,
                () -> processingTime));
    }

    public static OperatorHarness of(OperatorSpec spec, RowType inputType, TestBackends.Choice backend, Path baseDir)
            throws Exception {
        return of(spec, List.of(inputType), backend, baseDir);
    }

    /** A harness for an operator with one input type per input (a join: left, right). */
    public static OperatorHarness of(OperatorSpec spec, List<RowType> inputTypes, TestBackends.Choice backend,
            Path baseDir) throws Exception {
        return new OperatorHarness(spec, inputTypes, backend, baseDir, null, INSTANCES.incrementAndGet());
    }

    public StreamOperator operator() {
        return operator;
    }

    public OperatorMetrics metrics() {
        return metrics;
    }

    /** Feeds rows given as text, parsed with the input type. */
    public OperatorHarness process(String... rows) throws Exception {
        for (String r : rows) {
            operator.processElement(RowText.parse(r, inputTypes.get(0)), out);
        }
        return this;
    }

    /** Feeds rows given as text to input {@code input} of a multi-input operator (0 = a join's left). */
    public OperatorHarness processInput(int input, String... rows) throws Exception {
        for (String r : rows) {
            ((MultiInputOperator) operator).processElement(input, RowText.parse(r, inputTypes.get(input)), out);
        }
        return this;
    }

    public OperatorHarness process(Row row) throws Exception {
        operator.processElement(row, out);
        return this;
    }

    /** Sets the processing time the operator sees from now on (epoch millis; starts at 0). */
    public OperatorHarness processingTime(long millis) {
        processingTime = millis;
        return this;
    }

    public OperatorHarness watermark(long watermark) throws Exception {
        operator.processWatermark(watermark, out);
        return this;
    }

    /** A watermark given as a UTC timestamp text {@code 2023-11-14 22:13:20.000}. */
    public OperatorHarness watermark(String timestamp) throws Exception {
        return watermark(RowText.timestamp(timestamp));
    }

    /** End of a bounded input: the final watermark, then {@code endInput}. */
    public OperatorHarness endInput() throws Exception {
        operator.processWatermark(Long.MAX_VALUE, out);
        operator.endInput(out);
        return this;
    }

    /** Takes a checkpoint of the operator into a new directory and returns it. */
    public Path snapshot() throws Exception {
        long id = nextCheckpointId++;
        operator.prepareSnapshotPreBarrier(id, out);
        Path dir = baseDir.resolve("snapshot-" + instance + "-" + id);
        Files.createDirectories(dir);
        operator.snapshotState(new SnapshotContext(id, dir));
        operator.notifyCheckpointComplete(id);
        return dir;
    }

    /** A fresh operator instance from the same spec, restored from {@code snapshotDir}; closes nothing. */
    public OperatorHarness restore(Path snapshotDir) throws Exception {
        return new OperatorHarness(spec, inputTypes, backend, baseDir, snapshotDir, INSTANCES.incrementAndGet());
    }

    /** A fresh operator instance built from {@code spec} and restored from {@code snapshotDir}. */
    public static OperatorHarness restore(OperatorSpec spec, RowType inputType, TestBackends.Choice backend,
            Path baseDir, Path snapshotDir) throws Exception {
        return new OperatorHarness(spec, List.of(inputType), backend, baseDir, snapshotDir,
                INSTANCES.incrementAndGet());
    }

    public List<Row> output() {
        return List.copyOf(output);
    }

    /** The output as text, formatted with the operator's output type. */
    public List<String> outputText() {
        List<String> text = new ArrayList<>(output.size());
        for (Row r : output) {
            text.add(RowText.format(r, spec.outputType()));
        }
        return text;
    }

    public List<Long> watermarks() {
        return List.copyOf(watermarks);
    }

    public OperatorHarness clearOutput() {
        output.clear();
        watermarks.clear();
        return this;
    }

    @Override
    public void close() throws Exception {
        operator.close();
    }
}

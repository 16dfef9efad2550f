package dev.weir.bench.jmh;

import dev.weir.core.Row;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round trip of a window-result-shaped row (key, window start, window end, count) through the
 * binary row format used by state and checkpoints.
 * Run: {@code java -cp bench/target/weir-bench.jar org.openjdk.jmh.Main RowSerializerBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RowSerializerBenchmark {
    private final RowType type = RowType.builder()
            .add("auction", DataType.bigint())
            .add("window_start", DataType.timestamp(3))
            .add("window_end", DataType.timestamp(3))
            .add("channel", DataType.string())
            .add("num", DataType.bigint())
            .build();
    private final RowSerializer serializer = new RowSerializer(type);
    private final Row row = Row.of(417L, 1_700_000_000_000L, 1_700_000_010_000L, "Google", 1234L);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    private final DataOutputStream out = new DataOutputStream(bytes);

    @Benchmark
    public Row roundTrip() throws IOException {
        bytes.reset();
        serializer.serialize(row, out);
        return serializer.deserialize(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}

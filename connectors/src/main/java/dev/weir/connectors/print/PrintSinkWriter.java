package dev.weir.connectors.print;

import dev.weir.connectors.filesystem.FileFormatOptions;
import dev.weir.connectors.format.ValueFormatter;
import dev.weir.core.Row;
import dev.weir.core.type.DataType;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.TableContext;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Prints each row at once as {@code +I[v1, v2]} (Flink's print format), prefixed like Flink's
 * print connector: {@code id> } with an identifier, {@code id:2> } or {@code 2> } (subtask number
 * from 1) when the sink runs with parallelism above one. Not transactional: commit is a no-op.
 */
public final class PrintSinkWriter implements SinkWriter {
    private static final byte[] NOTHING = new byte[0];

    private final DataType[] types;
    private final ZoneId zone;
    private final String prefix;
    private final PrintStream stream;
    private final StringBuilder line = new StringBuilder(128);

    /** Package-private so tests can pass their own stream. */
    PrintSinkWriter(TableContext context, String identifier, PrintStream stream) {
        Objects.requireNonNull(context, "context is null");
        Objects.requireNonNull(identifier, "identifier is null");
        this.stream = Objects.requireNonNull(stream, "stream is null");
        this.types = new DataType[context.schema().arity()];
        for (int i = 0; i < types.length; i++) {
            types[i] = context.schema().type(i);
        }
        this.zone = FileFormatOptions.zone(context);
        String p = identifier;
        if (context.parallelism() > 1) {
            p = p.isEmpty() ? String.valueOf(context.subtaskIndex() + 1) : p + ":" + (context.subtaskIndex() + 1);
        }
        this.prefix = p.isEmpty() ? "" : p + "> ";
    }

    @Override
    public void write(Row row) {
        line.setLength(0);
        line.append(prefix);
        format(line, row, types, zone);
        stream.println(line);
    }

    /** Appends {@code +I[v1, v2]} for a row whose values have the given types. */
    public static void format(StringBuilder sb, Row row, DataType[] types, ZoneId zone) {
        sb.append(row.kind().shortString()).append('[');
        for (int i = 0; i < row.arity(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            ValueFormatter.append(sb, row.field(i), types[i], zone, ValueFormatter.NULL);
        }
        sb.append(']');
    }

    @Override
    public byte[] prepareCommit(long checkpointId) {
        stream.flush();
        return NOTHING;
    }

    @Override
    public void commit(long checkpointId) {
    }

    @Override
    public void finish() {
        stream.flush();
    }
}

package dev.weir.connectors.format;

import dev.weir.core.type.DataType;
import java.util.Base64;

/**
 * Text of non-string values in csv and json files, as Flink's formats write them: SQL or ISO
 * timestamps with the type's fractional digits, TIMESTAMP_LTZ in UTC with a {@code Z} suffix,
 * BYTES as base64, everything else as {@link ValueFormatter} renders it.
 */
final class FileValues {
    private FileValues() {
    }

    static void append(StringBuilder sb, Object v, DataType type, boolean iso) {
        switch (type.root()) {
            case TIMESTAMP -> ValueFormatter.appendTimestamp(sb, ((Number) v).longValue(), type.precision(),
                    iso ? 'T' : ' ');
            case TIMESTAMP_LTZ -> {
                ValueFormatter.appendTimestamp(sb, ((Number) v).longValue(), type.precision(), iso ? 'T' : ' ');
                sb.append('Z');
            }
            case BYTES -> sb.append(Base64.getEncoder().encodeToString((byte[]) v));
            default -> ValueFormatter.append(sb, v, type, java.time.ZoneOffset.UTC, "");
        }
    }
}

package dev.weir.state.internal;

import java.io.IOException;

/**
 * Receives the entries of a keyed-state snapshot in canonical form: {@code key} is
 * {@code [key group: 2 bytes big-endian][key][namespace][map key, MAP states only]} and
 * {@code value} the value bytes (see {@link StateBytes} for lists). The arrays are owned by the
 * visitor afterwards.
 */
@FunctionalInterface
public interface EntryVisitor {
    void onEntry(String stateName, byte[] key, byte[] value) throws IOException;
}

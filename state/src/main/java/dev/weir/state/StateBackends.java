package dev.weir.state;

import java.io.IOException;
import java.nio.file.Path;

/** Creates keyed state backends, empty or restored from a snapshot directory. */
public final class StateBackends {
    private StateBackends() {
    }

    /**
     * @param restoreFrom a directory written by {@link KeyedStateBackend#snapshot} of the same
     *                    operator (by either backend type), or null to start empty
     */
    public static KeyedStateBackend create(StateBackendType type, StateBackendContext context, Path restoreFrom)
            throws IOException {
        throw new UnsupportedOperationException("TODO: implemented by the state module");
    }
}

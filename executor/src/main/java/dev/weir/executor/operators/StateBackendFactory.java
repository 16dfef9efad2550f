package dev.weir.executor.operators;

import dev.weir.state.KeyedStateBackend;
import dev.weir.state.StateBackendContext;
import dev.weir.state.StateBackendType;
import dev.weir.state.StateBackends;
import java.io.IOException;
import java.nio.file.Path;

/** Creates keyed state backends; {@link #DEFAULT} is {@link StateBackends#create}, tests may substitute a fake. */
@FunctionalInterface
public interface StateBackendFactory {
    StateBackendFactory DEFAULT = StateBackends::create;

    /** @param restoreFrom a directory written by {@link KeyedStateBackend#snapshot}, or null to start empty */
    KeyedStateBackend create(StateBackendType type, StateBackendContext context, Path restoreFrom) throws IOException;
}

package dev.weir.executor.operators;

import dev.weir.core.keys.KeyGroupRange;
import dev.weir.state.StateBackendType;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What the runtime gives an operator of one subtask when building it.
 *
 * @param workingDir  local scratch directory the operator owns (state backend files)
 * @param restoreDir  this operator's directory in the checkpoint being restored, or null to start fresh
 * @param processingClock processing time in epoch milliseconds (state TTL); tests substitute a manual clock
 */
public record OperatorContext(String operatorId, int subtaskIndex, int parallelism, int maxParallelism,
        KeyGroupRange keyGroupRange, StateBackendType backendType, StateBackendFactory backendFactory,
        Path workingDir, Path restoreDir, OperatorMetrics metrics, LongSupplier processingClock) {
    public OperatorContext {
        Objects.requireNonNull(operatorId, "operatorId is null");
        Objects.requireNonNull(keyGroupRange, "keyGroupRange is null");
        Objects.requireNonNull(backendType, "backendType is null");
        Objects.requireNonNull(backendFactory, "backendFactory is null");
        Objects.requireNonNull(workingDir, "workingDir is null");
        Objects.requireNonNull(metrics, "metrics is null");
        Objects.requireNonNull(processingClock, "processingClock is null");
    }

    /** A context on the system clock. */
    public OperatorContext(String operatorId, int subtaskIndex, int parallelism, int maxParallelism,
            KeyGroupRange keyGroupRange, StateBackendType backendType, StateBackendFactory backendFactory,
            Path workingDir, Path restoreDir, OperatorMetrics metrics) {
        this(operatorId, subtaskIndex, parallelism, maxParallelism, keyGroupRange, backendType, backendFactory,
                workingDir, restoreDir, metrics, System::currentTimeMillis);
    }
}

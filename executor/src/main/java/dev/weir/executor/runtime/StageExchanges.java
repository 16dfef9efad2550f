package dev.weir.executor.runtime;

import java.util.List;

/**
 * The exchanges a subtask writes into: one per edge from its stage to another stage (a stage may
 * feed several). Flushes, idleness, barriers and the end go to each of them.
 */
final class StageExchanges {
    private final ExchangeOutput[] exchanges;

    StageExchanges(List<ExchangeOutput> exchanges) {
        this.exchanges = exchanges.toArray(new ExchangeOutput[0]);
    }

    void flush() {
        for (ExchangeOutput e : exchanges) {
            e.flush();
        }
    }

    void barrier(long checkpointId) {
        for (ExchangeOutput e : exchanges) {
            e.barrier(checkpointId);
        }
    }

    void markIdle() {
        for (ExchangeOutput e : exchanges) {
            e.markIdle();
        }
    }

    void end() {
        for (ExchangeOutput e : exchanges) {
            e.end();
        }
    }
}

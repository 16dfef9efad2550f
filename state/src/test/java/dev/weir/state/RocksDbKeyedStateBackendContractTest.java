package dev.weir.state;

/** The contract on the {@code rocksdb} backend. */
class RocksDbKeyedStateBackendContractTest extends KeyedStateBackendContractTest {
    @Override
    StateBackendType type() {
        return StateBackendType.ROCKSDB;
    }
}

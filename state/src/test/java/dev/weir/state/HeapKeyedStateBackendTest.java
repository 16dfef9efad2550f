package dev.weir.state;

/** The contract on the {@code hashmap} backend. */
class HeapKeyedStateBackendTest extends KeyedStateBackendContractTest {
    @Override
    StateBackendType type() {
        return StateBackendType.HASHMAP;
    }
}

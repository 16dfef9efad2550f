package dev.weir.state;

/** The value of {@code state.backend.type}. */
public enum StateBackendType {
    /** Objects on the JVM heap: fastest, bounded by memory. */
    HASHMAP,
    /** Embedded RocksDB on local disk: state larger than memory. */
    ROCKSDB
}

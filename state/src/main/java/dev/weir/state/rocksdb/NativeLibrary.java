package dev.weir.state.rocksdb;

import org.rocksdb.RocksDB;

/** Loads the RocksDB JNI library once per JVM (class initialisation is thread-safe and runs once). */
final class NativeLibrary {
    static {
        RocksDB.loadLibrary();
    }

    private NativeLibrary() {
    }

    static void ensureLoaded() {
        // the static initialiser does the work on first call
    }
}

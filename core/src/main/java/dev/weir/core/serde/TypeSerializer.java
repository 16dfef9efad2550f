package dev.weir.core.serde;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes and reads values of one type in a compact binary form, used for state, checkpoints
 * and exchanges. Never Java serialization, never JSON.
 *
 * <p>The {@link #version()} is stored beside serialized data so a later Weir can still read a
 * savepoint written by an earlier one. Implementations are stateless and thread-safe. Values are
 * never null here; nullable fields are handled by {@link RowSerializer}'s null mask.
 */
public interface TypeSerializer<T> {
    void serialize(T value, DataOutput out) throws IOException;

    T deserialize(DataInput in) throws IOException;

    default int version() {
        return 1;
    }
}

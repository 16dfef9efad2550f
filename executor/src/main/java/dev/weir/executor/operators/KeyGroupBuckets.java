package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.keys.KeyGroups;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;

/**
 * One state key per key group of a subtask: rows spread over the subtasks by their own hash (not by a join key)
 * are kept under the bucket key of their key group, so that a subtask can visit all of its rows key group by
 * key group, and rescaling moves each bucket with its key group like any keyed state.
 */
final class KeyGroupBuckets {
    /** The type of a bucket key: one BIGINT, the smallest number whose key group is the bucket's. */
    static final RowType KEY_TYPE = RowType.builder().add("bucket", DataType.of(TypeRoot.BIGINT)).build();

    private final int maxParallelism;
    private final KeyGroupRange range;
    private final Row[] keys;

    KeyGroupBuckets(int maxParallelism, KeyGroupRange range) {
        this.maxParallelism = maxParallelism;
        this.range = range;
        this.keys = new Row[range.size()];
        int found = 0;
        for (long n = 0; found < keys.length; n++) {
            Row key = Row.of(n);
            int group = KeyGroups.assignToKeyGroup(key, maxParallelism);
            if (range.contains(group) && keys[group - range.start()] == null) {
                keys[group - range.start()] = key;
                found++;
            }
        }
    }

    /** The bucket key of {@code row}'s key group: the group the hash exchange sends the row to by all its columns. */
    Row keyOf(Row row) {
        int group = KeyGroups.assignToKeyGroup(row, maxParallelism);
        return keys[group - range.start()];
    }

    /** Every bucket key of this subtask, in key-group order. */
    Row[] keys() {
        return keys.clone();
    }
}

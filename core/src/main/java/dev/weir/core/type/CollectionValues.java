package dev.weir.core.type;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the internal values of ARRAY and MAP columns: unmodifiable, NULL elements (and MAP
 * values) allowed, MAP in insertion order. Equality and hash codes are {@link List}'s and
 * {@link Map}'s, so collections work as grouping and join keys (their hash codes are the same in
 * every JVM as long as their elements' are).
 */
public final class CollectionValues {
    private static final List<Object> EMPTY_ARRAY = Collections.unmodifiableList(Arrays.asList());

    private CollectionValues() {
    }

    /** An ARRAY value holding {@code elements}, which the caller hands over and no longer changes. */
    public static List<Object> array(Object[] elements) {
        return elements.length == 0 ? EMPTY_ARRAY : Collections.unmodifiableList(Arrays.asList(elements));
    }

    /** A MAP value holding {@code entries}, which the caller hands over and no longer changes. */
    public static Map<Object, Object> map(LinkedHashMap<Object, Object> entries) {
        return Collections.unmodifiableMap(entries);
    }
}

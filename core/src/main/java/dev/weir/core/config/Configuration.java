package dev.weir.core.config;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** An immutable set of string options, read through typed {@link ConfigOption}s. */
public final class Configuration {
    private static final Configuration EMPTY = new Configuration(Map.of());

    private final Map<String, String> values;

    private Configuration(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static Configuration empty() {
        return EMPTY;
    }

    public static Configuration of(Map<String, String> values) {
        return new Configuration(values);
    }

    public Configuration with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new Configuration(copy);
    }

    public Configuration without(String key) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.remove(key);
        return new Configuration(copy);
    }

    public <T> T get(ConfigOption<T> option) {
        String text = values.get(option.key());
        String keyUsed = option.key();
        if (text == null) {
            for (String fallback : option.fallbackKeys()) {
                text = values.get(fallback);
                if (text != null) {
                    keyUsed = fallback;
                    break;
                }
            }
        }
        return text == null ? option.defaultValue() : option.parse(keyUsed, text);
    }

    public boolean contains(ConfigOption<?> option) {
        if (values.containsKey(option.key())) {
            return true;
        }
        for (String fallback : option.fallbackKeys()) {
            if (values.containsKey(fallback)) {
                return true;
            }
        }
        return false;
    }

    public String getString(String key) {
        return values.get(key);
    }

    /** Sorted view of every set key. */
    public Map<String, String> toMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}

package dev.weir.core.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A typed configuration key with Flink's name, an optional default and older names it also
 * accepts. The parser turns the text value into the option's type and explains bad values.
 */
public final class ConfigOption<T> {
    private final String key;
    private final T defaultValue;
    private final List<String> fallbackKeys;
    private final String expected;
    private final Function<String, T> parser;
    private final String description;

    private ConfigOption(String key, T defaultValue, List<String> fallbackKeys, String expected,
            Function<String, T> parser, String description) {
        this.key = Objects.requireNonNull(key, "key is null");
        this.defaultValue = defaultValue;
        this.fallbackKeys = List.copyOf(fallbackKeys);
        this.expected = expected;
        this.parser = parser;
        this.description = description;
    }

    public static ConfigOption<String> string(String key, String defaultValue, String description) {
        return new ConfigOption<>(key, defaultValue, List.of(), "a string", s -> s, description);
    }

    public static ConfigOption<Long> longOption(String key, Long defaultValue, String description) {
        return new ConfigOption<>(key, defaultValue, List.of(), "an integer", Long::parseLong, description);
    }

    public static ConfigOption<Integer> intOption(String key, Integer defaultValue, String description) {
        return new ConfigOption<>(key, defaultValue, List.of(), "an integer", Integer::parseInt, description);
    }

    public static ConfigOption<Boolean> booleanOption(String key, Boolean defaultValue, String description) {
        return new ConfigOption<>(key, defaultValue, List.of(), "true or false", ConfigOption::parseBoolean,
                description);
    }

    /** A duration in milliseconds, written as Flink accepts it: {@code 5 s}, {@code 200ms}, {@code 1 min}, {@code 500}. */
    public static ConfigOption<Long> duration(String key, Long defaultMillis, String description) {
        return new ConfigOption<>(key, defaultMillis, List.of(), "a duration such as '5 s', '200 ms' or '1 min'",
                Durations::parseMillis, description);
    }

    public static <E extends Enum<E>> ConfigOption<E> enumOption(String key, Class<E> type, E defaultValue,
            String description) {
        StringBuilder values = new StringBuilder("one of");
        for (E e : type.getEnumConstants()) {
            values.append(' ').append(e.name().toLowerCase(java.util.Locale.ROOT));
        }
        return new ConfigOption<>(key, defaultValue, List.of(), values.toString(),
                s -> Enum.valueOf(type, s.trim().replace('-', '_').toUpperCase(java.util.Locale.ROOT)), description);
    }

    /** The same option, also read from older key names when the main key is absent. */
    public ConfigOption<T> withFallbackKeys(String... keys) {
        return new ConfigOption<>(key, defaultValue, List.of(keys), expected, parser, description);
    }

    public String key() {
        return key;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public List<String> fallbackKeys() {
        return fallbackKeys;
    }

    public String description() {
        return description;
    }

    /** Parses a text value, failing with a message that names the key and the expected form. */
    public T parse(String keyUsed, String text) {
        try {
            return parser.apply(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid value '" + text + "' for option '" + keyUsed + "': expected "
                    + expected + ".");
        }
    }

    private static Boolean parseBoolean(String s) {
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(s);
    }

    @Override
    public String toString() {
        return key;
    }
}

package dev.weir.connectors.options;

import dev.weir.core.WeirException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and checks a table's WITH options on behalf of a connector factory, with messages that
 * name the table, the option key and what to write instead.
 *
 * <p>Option patterns follow the {@link dev.weir.executor.connector.ConnectorFactory} contract: a
 * {@code *} segment (as in {@code fields.*.kind}) matches one non-empty key segment.
 */
public final class ConnectorOptions {
    /** The key the planner uses to pick the factory; every factory accepts it implicitly. */
    public static final String CONNECTOR = "connector";
    /**
     * The table's PRIMARY KEY columns, which the planner adds to the options of a table that has
     * one (connectors such as {@code upsert-kafka} key their records by it). Users cannot set it:
     * no factory declares it, and {@link #checkKeys} ignores it.
     */
    public static final String PRIMARY_KEY = dev.weir.executor.connector.TableContext.PRIMARY_KEY_OPTION;
    /** The table's METADATA columns, which the planner adds like {@link #PRIMARY_KEY}; ignored by {@link #checkKeys}. */
    public static final String METADATA = dev.weir.executor.connector.TableContext.METADATA_OPTION;

    private final String tableName;
    private final Map<String, String> options;

    public ConnectorOptions(String tableName, Map<String, String> options) {
        this.tableName = java.util.Objects.requireNonNull(tableName, "tableName is null");
        this.options = Map.copyOf(options);
    }

    public String tableName() {
        return tableName;
    }

    /**
     * Rejects missing required keys and keys that are neither required nor optional, listing the
     * valid keys so the user can fix the typo.
     */
    public void checkKeys(String connector, Set<String> required, Set<String> optional) {
        for (String key : required) {
            if (!options.containsKey(key)) {
                throw new WeirException("Table '" + tableName + "': connector '" + connector
                        + "' requires option '" + key + "'. Add '" + key + "' = '...' to the WITH clause.");
            }
        }
        Set<String> unknown = new TreeSet<>();
        for (String key : options.keySet()) {
            boolean reserved = key.equals(CONNECTOR) || key.equals(PRIMARY_KEY) || key.equals(METADATA);
            if (!reserved && !matchesAny(key, required) && !matchesAny(key, optional)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            Set<String> valid = new TreeSet<>(required);
            valid.addAll(optional);
            throw new WeirException("Table '" + tableName + "': unsupported option" + (unknown.size() > 1 ? "s " : " ")
                    + quoteAll(unknown) + " for connector '" + connector + "'. Supported options: "
                    + (valid.isEmpty() ? "none" : quoteAll(valid)) + ".");
        }
    }

    /** Whether {@code key} matches {@code pattern}, where a {@code *} segment matches one segment. */
    public static boolean matches(String key, String pattern) {
        if (pattern.indexOf('*') < 0) {
            return key.equals(pattern);
        }
        String[] k = key.split("\\.", -1);
        String[] p = pattern.split("\\.", -1);
        if (k.length != p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals("*") ? k[i].isEmpty() : !p[i].equals(k[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesAny(String key, Set<String> patterns) {
        for (String p : patterns) {
            if (matches(key, p)) {
                return true;
            }
        }
        return false;
    }

    private static String quoteAll(Set<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append('\'').append(k).append('\'');
        }
        return sb.toString();
    }

    /** The table's PRIMARY KEY columns as the planner passed them ({@link #PRIMARY_KEY}), or an empty list. */
    public java.util.List<String> primaryKey() {
        return dev.weir.executor.connector.TableContext.decodePrimaryKey(options.get(PRIMARY_KEY));
    }

    public boolean has(String key) {
        return options.containsKey(key);
    }

    public String raw(String key) {
        return options.get(key);
    }

    public Map<String, String> all() {
        return options;
    }

    public String getString(String key, String defaultValue) {
        String v = options.get(key);
        return v == null ? defaultValue : v;
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw invalid(key, v, "true or false");
    }

    public long getLong(String key, long defaultValue) {
        String v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, v, "an integer");
        }
    }

    public double getDouble(String key, double defaultValue) {
        String v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, v, "a number");
        }
    }

    /** A single character option such as a delimiter; accepts Java escapes {@code \t} and {@code \\u0001}. */
    public char getChar(String key, char defaultValue) {
        String v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        String s = v;
        if (s.equals("\\t")) {
            s = "\t";
        } else if (s.startsWith("\\u") && s.length() == 6) {
            try {
                s = String.valueOf((char) Integer.parseInt(s.substring(2), 16));
            } catch (NumberFormatException e) {
                throw invalid(key, v, "a single character");
            }
        }
        if (s.length() != 1) {
            throw invalid(key, v, "a single character");
        }
        return s.charAt(0);
    }

    /** A user error about one option's value. */
    public WeirException invalid(String key, String value, String expected) {
        return new WeirException("Table '" + tableName + "': invalid value '" + value + "' for option '" + key
                + "': expected " + expected + ".");
    }
}

package dev.weir.planner.catalog;

import java.util.Set;
import java.util.TreeSet;

/**
 * Matches WITH option keys against a connector factory's declared keys, where a {@code #} or
 * {@code *} segment (as in {@code fields.#.kind}) stands for any one segment, e.g. a field name.
 */
final class ConnectorOptions {
    private ConnectorOptions() {
    }

    static boolean isDeclared(String key, Set<String> required, Set<String> optional) {
        return key.equals("connector") || matchesAny(key, required) || matchesAny(key, optional);
    }

    static String listValid(Set<String> required, Set<String> optional) {
        TreeSet<String> all = new TreeSet<>(required);
        all.addAll(optional);
        all.add("connector");
        StringBuilder sb = new StringBuilder();
        for (String k : all) {
            sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(k).append('\'');
        }
        return sb.toString();
    }

    private static boolean matchesAny(String key, Set<String> patterns) {
        for (String p : patterns) {
            if (matches(key, p)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String key, String pattern) {
        if (pattern.indexOf('#') < 0 && pattern.indexOf('*') < 0) {
            return key.equals(pattern);
        }
        String[] k = key.split("\\.", -1);
        String[] p = pattern.split("\\.", -1);
        if (k.length != p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            boolean wildcard = p[i].equals("#") || p[i].equals("*");
            if (!(wildcard ? !k[i].isEmpty() : p[i].equals(k[i]))) {
                return false;
            }
        }
        return true;
    }
}

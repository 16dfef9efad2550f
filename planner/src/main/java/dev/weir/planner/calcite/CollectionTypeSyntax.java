package dev.weir.planner.calcite;

/**
 * Rewrites Flink's {@code ARRAY<T>} type syntax, which Calcite's parser lacks, into Calcite's
 * equivalent {@code T ARRAY} before parsing ({@code MAP<K, V>} and {@code T ARRAY} Calcite reads
 * as they are). String literals, quoted identifiers and comments are left alone, as is the
 * value constructor {@code ARRAY[...]}. The rewritten type takes as many characters as the
 * original, so positions after it stay right.
 */
final class CollectionTypeSyntax {
    private CollectionTypeSyntax() {
    }

    static String rewrite(String sql) {
        if (!containsArrayType(sql)) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql);
        // Innermost types first: a rewrite never changes the length, so positions found later stay valid.
        boolean changed = true;
        while (changed) {
            changed = false;
            int from = 0;
            int at;
            while ((at = nextArrayType(out, from)) >= 0) {
                int open = out.indexOf("<", at + 5);
                int close = matchingClose(out, open);
                if (close < 0) {
                    break; // unbalanced: let Calcite report it
                }
                String inner = out.substring(open + 1, close);
                if (inner.toUpperCase(java.util.Locale.ROOT).matches("(?s).*\\bARRAY\\s*<.*")) {
                    from = open + 1; // rewrite the nested one first
                    continue;
                }
                String element = inner.strip();
                String replacement = element + " ARRAY";
                int length = close + 1 - at;
                StringBuilder padded = new StringBuilder(replacement);
                while (padded.length() < length) {
                    padded.append(' ');
                }
                out.replace(at, close + 1, padded.toString());
                changed = true;
                from = at + replacement.length();
            }
        }
        return out.toString();
    }

    private static boolean containsArrayType(String sql) {
        return nextArrayType(new StringBuilder(sql), 0) >= 0;
    }

    /** The start of the next {@code ARRAY <} outside literals, quoted identifiers and comments, or -1. */
    private static int nextArrayType(CharSequence s, int from) {
        int n = s.length();
        int i = from;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\'' || c == '`' || c == '"') {
                i = skipQuoted(s, i, c);
                continue;
            }
            if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = indexOf(s, "*/", i + 2);
                i = end < 0 ? n : end + 2;
                continue;
            }
            if ((c == 'A' || c == 'a') && i + 5 <= n && s.subSequence(i, i + 5).toString().equalsIgnoreCase("ARRAY")
                    && (i == 0 || !isIdentifierPart(s.charAt(i - 1)))) {
                int j = i + 5;
                while (j < n && Character.isWhitespace(s.charAt(j))) {
                    j++;
                }
                if (j < n && s.charAt(j) == '<') {
                    return i;
                }
                i = j;
                continue;
            }
            i++;
        }
        return -1;
    }

    private static int skipQuoted(CharSequence s, int start, char quote) {
        int i = start + 1;
        while (i < s.length()) {
            if (s.charAt(i) == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    /** The {@code >} closing the {@code <} at {@code open}, counting nested angle brackets; -1 if none. */
    private static int matchingClose(CharSequence s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>' && --depth == 0) {
                return i;
            } else if (c == ';' || c == '\'' || c == '`') {
                return -1;
            }
        }
        return -1;
    }

    private static int indexOf(CharSequence s, String what, int from) {
        return s.toString().indexOf(what, from);
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}

package dev.weir.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Turns a parsed column type into a normalised {@link TypeSpec}, rejecting names and parameters Weir does not know. */
final class TypeNames {

    static final String KNOWN_TYPES = "STRING, VARCHAR(n), CHAR(n), BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, "
            + "DOUBLE, DECIMAL(p, s), DATE, TIME(p), TIMESTAMP(p), TIMESTAMP_LTZ(p), BYTES, VARBINARY(n), BINARY(n), "
            + "ARRAY<T>, MAP<K, V>";

    /** Written name (upper case) to canonical name. */
    private static final Map<String, String> CANONICAL = Map.ofEntries(
            Map.entry("STRING", "STRING"), Map.entry("VARCHAR", "VARCHAR"), Map.entry("CHAR", "CHAR"),
            Map.entry("BOOLEAN", "BOOLEAN"), Map.entry("TINYINT", "TINYINT"), Map.entry("SMALLINT", "SMALLINT"),
            Map.entry("INT", "INT"), Map.entry("INTEGER", "INT"), Map.entry("BIGINT", "BIGINT"),
            Map.entry("FLOAT", "FLOAT"), Map.entry("DOUBLE", "DOUBLE"), Map.entry("DECIMAL", "DECIMAL"),
            Map.entry("DEC", "DECIMAL"), Map.entry("NUMERIC", "DECIMAL"), Map.entry("DATE", "DATE"),
            Map.entry("TIME", "TIME"), Map.entry("TIMESTAMP", "TIMESTAMP"),
            Map.entry("TIMESTAMP_LTZ", "TIMESTAMP_LTZ"), Map.entry("BYTES", "BYTES"),
            Map.entry("VARBINARY", "VARBINARY"), Map.entry("BINARY", "BINARY"));

    private final ParsedSource source;

    TypeNames(ParsedSource source) {
        this.source = Objects.requireNonNull(source, "source is null");
    }

    TypeSpec resolve(WeirStatementsParser.DataTypeContext type, String column) {
        if (type instanceof WeirStatementsParser.ArraySuffixTypeContext suffix) {
            // T ARRAY: Flink's other spelling of ARRAY<T>
            TypeSpec element = resolve(suffix.dataType(), column);
            return new TypeSpec("ARRAY", List.of(), source.position(suffix.ARRAY().getSymbol()), List.of(element),
                    false);
        }
        if (type instanceof WeirStatementsParser.CollectionTypeContext collection) {
            return collection(collection, column);
        }
        return scalar((WeirStatementsParser.ScalarTypeContext) type, column);
    }

    private TypeSpec collection(WeirStatementsParser.CollectionTypeContext type, String column) {
        Token nameToken = type.typeName.getStart();
        String written = Identifiers.name(type.typeName);
        String upper = written.toUpperCase(Locale.ROOT);
        int arity = switch (upper) {
            case "ARRAY" -> 1;
            case "MAP" -> 2;
            default -> 0;
        };
        if (arity == 0 || type.typeName.QUOTED_IDENT() != null) {
            throw source.error(nameToken, switch (upper) {
                case "ROW", "MULTISET" -> "Type " + upper + "<...> of column '" + column
                        + "' is not supported yet. Known types: " + KNOWN_TYPES;
                default -> "Unknown type '" + written + "<...>' for column '" + column + "'; only ARRAY<T> and "
                        + "MAP<K, V> take element types. Known types: " + KNOWN_TYPES;
            });
        }
        List<WeirStatementsParser.ElementTypeContext> elements = type.elementType();
        if (elements.size() != arity) {
            throw source.error(nameToken, upper.equals("ARRAY")
                    ? "Type ARRAY of column '" + column + "' takes one element type; write ARRAY<T>"
                    : "Type MAP of column '" + column + "' takes a key and a value type; write MAP<K, V>");
        }
        List<TypeSpec> children = new ArrayList<>(arity);
        for (WeirStatementsParser.ElementTypeContext element : elements) {
            TypeSpec child = resolve(element.dataType(), column);
            children.add(element.NOT() != null ? child.asNotNull() : child);
        }
        return new TypeSpec(upper, List.of(), source.position(nameToken), children, false);
    }

    private TypeSpec scalar(WeirStatementsParser.ScalarTypeContext type, String column) {
        Token nameToken = type.typeName.getStart();
        String written = Identifiers.name(type.typeName);
        String upper = written.toUpperCase(Locale.ROOT);
        String canonical = type.typeName.QUOTED_IDENT() == null ? CANONICAL.get(upper) : null;
        if (canonical == null) {
            throw source.error(nameToken, unknownTypeMessage(written, upper, column));
        }
        if (type.precision != null && !upper.equals("DOUBLE")) {
            throw source.error(type.precision, "PRECISION only follows DOUBLE (DOUBLE PRECISION), not " + upper
                    + " (column '" + column + "')");
        }
        if (type.timeZone() instanceof WeirStatementsParser.WithLocalTimeZoneContext zone) {
            if (!canonical.equals("TIMESTAMP")) {
                throw source.error(zone, "WITH LOCAL TIME ZONE only applies to TIMESTAMP, not " + upper
                        + " (column '" + column + "'); write TIMESTAMP(p) WITH LOCAL TIME ZONE or TIMESTAMP_LTZ(p)");
            }
            canonical = "TIMESTAMP_LTZ";
        } else if (type.timeZone() instanceof WeirStatementsParser.WithoutTimeZoneContext zone
                && !canonical.equals("TIMESTAMP") && !canonical.equals("TIME")) {
            throw source.error(zone, "WITHOUT TIME ZONE only applies to TIMESTAMP and TIME, not " + upper
                    + " (column '" + column + "')");
        }
        List<Integer> params = new ArrayList<>();
        for (TerminalNode number : type.INTEGER_VALUE()) {
            params.add(parameter(number.getSymbol(), column));
        }
        checkParameters(canonical, upper, nameToken, type.INTEGER_VALUE(), params, column);
        return new TypeSpec(canonical, params, source.position(nameToken));
    }

    private int parameter(Token number, String column) {
        try {
            return Integer.parseInt(number.getText());
        } catch (NumberFormatException e) {
            throw source.error(number, "Type parameter " + number.getText() + " of column '" + column
                    + "' is too large; the maximum is " + Integer.MAX_VALUE);
        }
    }

    private void checkParameters(String canonical, String written, Token nameToken, List<TerminalNode> numbers,
            List<Integer> params, String column) {
        int maxParams;
        int min = 0;
        int max = Integer.MAX_VALUE;
        String form;
        switch (canonical) {
            case "VARCHAR", "CHAR", "VARBINARY", "BINARY" -> {
                maxParams = 1;
                min = 1;
                form = written + "(n)";
            }
            case "DECIMAL" -> {
                maxParams = 2;
                min = 1;
                max = 38;
                form = written + "(p, s)";
            }
            case "TIME", "TIMESTAMP", "TIMESTAMP_LTZ" -> {
                maxParams = 1;
                max = 9;
                form = written + "(p)";
            }
            default -> {
                maxParams = 0;
                form = written;
            }
        }
        if (params.size() > maxParams) {
            String takes = maxParams == 0 ? "takes no parameters" : "takes at most " + maxParams
                    + (maxParams == 1 ? " parameter" : " parameters");
            throw source.error(numbers.get(maxParams).getSymbol(), "Type " + written + " of column '" + column
                    + "' " + takes + "; write " + form);
        }
        if (!params.isEmpty() && (params.get(0) < min || params.get(0) > max)) {
            String range = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            throw source.error(numbers.get(0).getSymbol(), "The " + (canonical.equals("DECIMAL") ? "precision"
                    : canonical.endsWith("CHAR") || canonical.endsWith("BINARY") ? "length" : "precision")
                    + " of " + written + " for column '" + column + "' must be " + range + ", not " + params.get(0));
        }
        if (params.size() == 2 && params.get(1) > params.get(0)) {
            throw source.error(numbers.get(1).getSymbol(), "The scale of " + written + " for column '" + column
                    + "' must be between 0 and the precision " + params.get(0) + ", not " + params.get(1));
        }
    }

    private static String unknownTypeMessage(String written, String upper, String column) {
        String unsupported = switch (upper) {
            case "ARRAY", "MAP" -> " Write " + upper + (upper.equals("MAP") ? "<K, V>." : "<T>.");
            case "ROW", "MULTISET", "RAW", "INTERVAL" -> " Type " + upper + " is not supported yet.";
            default -> "";
        };
        String suggestion = closestKnown(upper);
        return "Unknown type '" + written + "' for column '" + column + "'."
                + (suggestion == null ? "" : " Did you mean " + suggestion + "?") + unsupported
                + " Known types: " + KNOWN_TYPES;
    }

    /** The known type name closest to the written one, if it is a plausible typo (at most 2 edits). */
    private static String closestKnown(String upper) {
        String best = null;
        int bestDistance = 3;
        for (String known : CANONICAL.keySet()) {
            int distance = editDistance(upper, known);
            if (distance < bestDistance || (distance == bestDistance && best != null && known.compareTo(best) < 0)) {
                best = known;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
